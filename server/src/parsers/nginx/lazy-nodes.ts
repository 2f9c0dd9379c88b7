import type { Range, Span } from '../../core/range';
import type { Arg, Block, Directive, VariableRef } from './ast';
import type { LineIndex } from './line-index';

/**
 * Syntax nodes that keep offsets and turn them into line and column only when
 * a range is first read. A large configuration has hundreds of thousands of
 * words, and the model reads the range of few of them (header values, the
 * directives a policy points at): the others need no position objects at all.
 * A range, once made, is kept, so every reader gets the same object.
 */
export class ArgNode implements Arg {
  private made: Range | undefined = undefined;

  constructor(
    public value: string,
    public raw: string,
    public quote: '"' | "'" | null,
    public variables: VariableRef[],
    private readonly lines: LineIndex,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): Range {
    return (this.made ??= this.lines.range(this.start, this.end));
  }
}

export class DirectiveNode implements Directive {
  readonly kind = 'directive';
  block: Block | undefined = undefined;
  rawBody: { text: string; range: Range } | undefined = undefined;
  private madeName: Range | undefined = undefined;
  private made: Range | undefined = undefined;
  private madeSpan: Span | undefined = undefined;

  constructor(
    public name: string,
    public args: Arg[],
    public file: string,
    private readonly lines: LineIndex,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    /** Where the directive ends: its `;`, its block's `}`, or the end of the file. */
    private endOffset: number,
  ) {}

  // Positions are never mutated: the name and the whole directive share their start, whichever is made first.
  get nameRange(): Range {
    return (this.madeName ??= { start: this.made ? this.made.start : this.lines.position(this.nameStart), end: this.lines.position(this.nameEnd) });
  }

  get range(): Range {
    return (this.made ??= { start: this.madeName ? this.madeName.start : this.lines.position(this.nameStart), end: this.lines.position(this.endOffset) });
  }

  get span(): Span {
    const range = this.range;
    if (this.madeSpan?.range !== range) this.madeSpan = { file: this.file, range };
    return this.madeSpan;
  }

  /** Moves the end (a block's `}` read later); a range already handed out keeps what it said. */
  endAt(offset: number): void {
    this.endOffset = offset;
    this.made = undefined;
  }
}

export class BlockNode implements Block {
  directives: Directive[] = [];
  private madeOpen: Range | undefined = undefined;
  private madeClose: Range | undefined = undefined;
  /** Until the `}` is read (after a syntax error it never is) the block's close is its open. */
  private closeStart = -1;
  private closeEnd = -1;

  constructor(
    private readonly lines: LineIndex,
    private readonly openStart: number,
    /** Where the block's inside begins. */
    readonly openEnd: number,
  ) {}

  get open(): Range {
    return (this.madeOpen ??= this.lines.range(this.openStart, this.openEnd));
  }

  get close(): Range {
    if (this.closeStart < 0) return this.open;
    return (this.madeClose ??= this.lines.range(this.closeStart, this.closeEnd));
  }

  /** Whether its `}` was read. */
  get closed(): boolean {
    return this.closeStart >= 0;
  }

  closeAt(start: number, end: number): void {
    this.closeStart = start;
    this.closeEnd = end;
    this.madeClose = undefined;
  }
}
