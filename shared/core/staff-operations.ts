import { z } from '../contracts/zod-fr';
import {
  byId, childCreateInput, childUpdateInput, familiesListInput, familyInput, familyUpdateInput,
} from '../contracts/families';
import { staffCreateInput, staffLoginInput } from '../contracts/staff';
import type { StaffOperationName } from '../contracts/staff-api';
import { createStaffUser, currentStaffUser, staffLogin, staffLogout } from './accounts/staff-auth';
import { createChild, updateChild } from './children/service';
import { createFamily, getFamily, listFamilies, updateFamily } from './families/service';
import { staffOperation, type StaffOperation } from './operation';

const empty = z.object({}).strict();

/**
 * The staff API's handler table, shared by the IPC and HTTP doors (as Actual's loot-core
 * handlers are by its IPC and web builds). Each entry: its input schema, who may call it,
 * and the core function it runs.
 */
export const staffOperations: Record<StaffOperationName, StaffOperation<any, any>> = {
  'auth.login': staffOperation({ input: staffLoginInput, access: 'public', run: staffLogin }),
  'auth.logout': staffOperation({ input: empty, access: 'agent', run: (ctx) => staffLogout(ctx) }),
  'auth.me': staffOperation({ input: empty, access: 'agent', run: (ctx) => currentStaffUser(ctx) }),
  'staff.create': staffOperation({ input: staffCreateInput, access: 'admin', run: createStaffUser }),
  'families.list': staffOperation({ input: familiesListInput, access: 'agent', run: (ctx, input) => listFamilies(ctx.db, input) }),
  'families.get': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => getFamily(ctx.db, input.id) }),
  'families.create': staffOperation({ input: familyInput, access: 'agent', run: createFamily }),
  'families.update': staffOperation({ input: familyUpdateInput, access: 'agent', run: updateFamily }),
  'children.create': staffOperation({ input: childCreateInput, access: 'agent', run: createChild }),
  'children.update': staffOperation({ input: childUpdateInput, access: 'agent', run: updateChild }),
};

export const staffOperationNames = Object.keys(staffOperations) as StaffOperationName[];
