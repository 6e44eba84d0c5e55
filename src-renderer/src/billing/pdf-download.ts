/** Opens a PDF made by the server (base64 over IPC or HTTP) as a file the agent can print or keep. */
export function savePdf(file: { fileName: string; base64: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const euros = (cents: number) => `${(cents / 100).toFixed(2)} €`;
export const shortDate = (iso: string) => iso.split('-').reverse().join('/');
