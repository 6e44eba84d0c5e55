/** A closure as the rules read it: of one service, of a structure, or of every structure (both null). */
export interface ClosureScope {
  serviceId: number | null;
  structureId: number | null;
  startsOn: string;
  endsOn: string;
}

/** Whether the closure shuts this service of this structure on that day. */
export function closureCovers(closure: ClosureScope, serviceId: number, structureId: number | undefined, date: string): boolean {
  if (date < closure.startsOn || date > closure.endsOn) return false;
  if (closure.serviceId != null) return closure.serviceId === serviceId;
  return closure.structureId == null || closure.structureId === structureId;
}
