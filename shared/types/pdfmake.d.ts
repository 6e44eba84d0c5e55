// pdfmake 0.3 ships no type declarations (and @types/pdfmake describes the 0.2 API): the part
// of its server API this project uses.
declare module 'pdfmake' {
  type Content = Record<string, unknown> | string | Content[];
  export interface DocumentDefinition {
    content: Content;
    info?: Record<string, string>;
    pageSize?: string;
    pageMargins?: number[];
    defaultStyle?: Record<string, unknown>;
    styles?: Record<string, Record<string, unknown>>;
    footer?: (currentPage: number, pageCount: number) => Content;
    [key: string]: unknown;
  }
  interface OutputDocument {
    getBuffer(): Promise<Uint8Array>;
  }
  interface PdfMake {
    setFonts(fonts: Record<string, Record<string, string>>): void;
    setUrlAccessPolicy(callback: (url: string) => boolean): void;
    setLocalAccessPolicy(callback: (path: string) => boolean): void;
    createPdf(doc: DocumentDefinition): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
