import { z } from 'zod';

// Every validation message reaches an agent or a parent: French by default.
z.config(z.locales.fr());

export { z };
