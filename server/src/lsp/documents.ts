import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from './uri';

/**
 * The documents open in the editor, by URI and by file path, and the text the
 * analysis should see for each: the live buffer when running on type, the last
 * saved (or opened) text when running on save.
 */
export class OpenDocuments {
  readonly documents = new TextDocuments(TextDocument);
  /** path → text the engine reads instead of the disk. */
  readonly overlay = new Map<string, string>();
  /** path → URI as the client spells it. */
  readonly uris = new Map<string, string>();
  /** path → version of the document whose text is in the overlay. */
  private readonly versions = new Map<string, number>();

  constructor(private readonly liveText: (file: string) => boolean) {}

  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  /** Records the document's current text in the overlay; returns its path. */
  capture(doc: TextDocument, reason: 'open' | 'change' | 'save'): string | undefined {
    const file = uriToPath(doc.uri);
    if (!file) return undefined;
    this.uris.set(file, doc.uri);
    if (reason !== 'change' || this.liveText(file)) {
      this.overlay.set(file, doc.getText());
      this.versions.set(file, doc.version);
    }
    return file;
  }

  /** A closed document is read from disk again. */
  release(doc: TextDocument): string | undefined {
    const file = uriToPath(doc.uri);
    if (!file) return undefined;
    this.overlay.delete(file);
    this.uris.delete(file);
    this.versions.delete(file);
    return file;
  }

  /** The version whose text the analysis sees, or null for files read from disk. */
  versionOf(file: string): number | null {
    return this.versions.get(file) ?? null;
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  isOpen(file: string): boolean {
    return this.uris.has(file);
  }

  openFiles(): string[] {
    return [...this.uris.keys()];
  }
}
