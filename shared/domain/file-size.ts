/** « 12,4 Mo »: a file's size as a French reader writes it. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}
