import { installDataKeys, parseDataKey } from '../../shared/security/sealed-secrets';

/** The data key of every test process and of the servers they spawn: the demo template is sealed with it. */
export const TEST_DATA_KEY = '5f0c7a1e9b3d4c2a8e6f1b0d7c9a3e5f2b4d6a8c0e1f3b5d7a9c2e4f6b8d0a1c';

installDataKeys(parseDataKey(TEST_DATA_KEY));
