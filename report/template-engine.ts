// The report template's language: Handlebars, restricted to what a report needs and checked whole before
// anything is evaluated.
//
//   {{name}}                      the value of slot `name` (a dotted name such as uniform.dstar_min)
//   {{#if flag}} … {{else}} … {{/if}}   keep one branch, by a named condition (nestable; {{else if …}} too)
//   {{directive}} / {{directive "argument"}}   a directive the caller declares (the report's are figure,
//                                 figref and further-experiments); it becomes a part of the output, in order
//   {{!-- … --}}                  a comment
// A block tag or comment alone on its line removes the line (Handlebars' standalone rule). Nothing else of
// Handlebars is allowed (no partials, no other block helpers, no hash arguments), and every name is checked
// in every branch, taken or not, so a misspelt slot fails on every run rather than on the run that needs it.
//
// Handlebars parses, strips whitespace and evaluates the conditions; this module only checks the tree and
// turns each slot into a call of one helper that knows its template line, so that a slot that cannot be
// filled is an error naming the slot and the line.

import Handlebars from 'handlebars';

export type ReportErrorCode = 'REPORT_SLOT_UNKNOWN' | 'REPORT_SLOT_UNFILLED' | 'REPORT_TEMPLATE_SYNTAX' | 'REPORT_FIGURE';

export class ReportTemplateError extends Error {
  readonly code: ReportErrorCode;
  /** the slot as written between the braces, when the error concerns one */
  readonly slot: string | undefined;

  constructor(code: ReportErrorCode, message: string, slot?: string) {
    super(message);
    this.name = 'ReportTemplateError';
    this.code = code;
    this.slot = slot;
  }
}

/** What a template may name; each check returns why a name is refused, or undefined when it is known. */
export interface TemplateLanguage {
  checkSlot(name: string): string | undefined;
  checkFlag(name: string): string | undefined;
  /** directive name → whether it takes one string argument */
  directives: Readonly<Record<string, boolean>>;
}

/** How a checked template's names get their values on one evaluation. */
export interface TemplateValues {
  /** the slot's text; throw or return undefined when it has none (the error names the slot and line) */
  slot(name: string): string | undefined;
  /** why a slot has no value, when `slot` returned undefined */
  unfilled(name: string): string;
  flag(name: string): boolean;
}

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'directive'; name: string; argument: string | undefined; line: number };

export interface CheckedTemplate {
  /** every slot, condition and directive the template names, in any branch */
  slots: ReadonlySet<string>;
  flags: ReadonlySet<string>;
  directives: ReadonlyArray<{ name: string; argument: string | undefined; line: number }>;
  /** the output for one set of values: text, and the directives reached, in order */
  evaluate(values: TemplateValues): TemplatePart[];
}

type Ast = hbs.AST.Program;
type Loc = hbs.AST.SourceLocation;

// Internal helper names: not valid in a template (they start with characters a path cannot).
const SLOT_HELPER = 'tms-slot';
const FLAG_HELPER = 'tms-flag';
const DIRECTIVE_HELPER = 'tms-directive';

// A directive's place in the output: a private-use character pair around its index, which no slot or
// template text contains (checked).
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARK = /\uE000(\d+)\uE001/;

function lineOf(loc: Loc | undefined): number {
  return loc?.start.line ?? 0;
}

function stringLiteral(value: string, loc: Loc): hbs.AST.StringLiteral {
  return { type: 'StringLiteral', value, original: value, loc };
}

function helperPath(name: string, loc: Loc): hbs.AST.PathExpression {
  return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc };
}

/** The tag as the author wrote it, for error messages. */
function written(node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement): string {
  const path =
    node.path.type === 'PathExpression'
      ? (node.path as hbs.AST.PathExpression).original
      : String((node.path as hbs.AST.StringLiteral).value);
  const params = node.params.map((p) =>
    p.type === 'StringLiteral' ? JSON.stringify((p as hbs.AST.StringLiteral).value) : ((p as hbs.AST.PathExpression).original ?? p.type),
  );
  return `{{${node.type === 'BlockStatement' ? '#' : ''}${[path, ...params].join(' ')}}}`;
}

function parseTemplate(template: string, source: string): Ast {
  if (template.includes(MARK_OPEN) || template.includes(MARK_CLOSE)) {
    throw new ReportTemplateError(
      'REPORT_TEMPLATE_SYNTAX',
      `${source}: contains the private-use characters U+E000/U+E001, which the report reserves`,
    );
  }
  try {
    return Handlebars.parse(template);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const line = /on line (\d+)/.exec(message)?.[1] ?? / - (\d+):\d+$/.exec(message)?.[1] ?? '?';
    throw new ReportTemplateError('REPORT_TEMPLATE_SYNTAX', `${source}:${line}: the template does not parse: ${parseProblem(message)}`);
  }
}

// Handlebars' parse errors name grammar tokens over several lines (the text, a caret, the tokens it
// expected); the token it found says what the author got wrong.
const FOUND: Readonly<Record<string, string>> = {
  EOF: 'it ends inside a block ({{#if …}} without its {{/if}})',
  OPEN_ENDBLOCK: '{{/if}} without an open {{#if …}}',
  INVERSE: '{{else}} without an open {{#if …}}',
  INVALID: "a tag is not closed by '}}', or holds a character a name cannot have",
};

function parseProblem(message: string): string {
  const found = /got '([A-Z_]+)'\s*$/.exec(message)?.[1];
  if (found !== undefined) return FOUND[found] ?? `unexpected ${found.toLowerCase().replace(/_/g, ' ')}`;
  return message.replace(/\s+/g, ' ').trim();
}

/**
 * Check a template against the language and prepare it for evaluation: every slot becomes a call of
 * SLOT_HELPER, every condition of FLAG_HELPER and every directive of DIRECTIVE_HELPER, each with its name
 * and line. Throws ReportTemplateError for the first name or construct the language does not have.
 */
export function checkTemplate(template: string, language: TemplateLanguage, source = '<template>'): CheckedTemplate {
  const ast = parseTemplate(template, source);
  const slots = new Set<string>();
  const flags = new Set<string>();
  const directives: Array<{ name: string; argument: string | undefined; line: number }> = [];
  const refuse = (node: hbs.AST.Node, what: string, slot?: string): never => {
    throw new ReportTemplateError('REPORT_TEMPLATE_SYNTAX', `${source}:${lineOf(node.loc)}: ${what}`, slot);
  };

  const rewriteMustache = (node: hbs.AST.MustacheStatement): void => {
    if (node.path.type !== 'PathExpression') refuse(node, `'${written(node)}' is not a slot, condition or directive`);
    const path = node.path as hbs.AST.PathExpression;
    const name = path.original;
    const line = lineOf(node.loc);
    if (node.hash && node.hash.pairs.length > 0) refuse(node, `'${written(node)}' takes no name=value arguments`);
    if (path.data || path.depth > 0 || name.startsWith('this') || name.includes('/'))
      refuse(node, `'${written(node)}' is not a slot, condition or directive`);
    const takesArgument = language.directives[name];
    if (takesArgument !== undefined && Object.hasOwn(language.directives, name)) {
      const arg = node.params[0];
      const ok = takesArgument ? node.params.length === 1 && arg?.type === 'StringLiteral' : node.params.length === 0;
      if (!ok)
        refuse(
          node,
          `'${written(node)}': ${name} takes ${takesArgument ? 'one quoted argument, e.g. {{' + name + ' "…"}}' : 'no argument'}`,
          name,
        );
      const argument = takesArgument ? (arg as hbs.AST.StringLiteral).value : undefined;
      directives.push({ name, argument, line });
      node.path = helperPath(DIRECTIVE_HELPER, node.loc);
      node.params = [stringLiteral(name, node.loc), stringLiteral(argument ?? '', node.loc)];
      return;
    }
    if (node.params.length > 0) refuse(node, `'${written(node)}' is not a slot, condition or directive`);
    const problem = language.checkSlot(name);
    if (problem !== undefined) throw new ReportTemplateError('REPORT_SLOT_UNKNOWN', `${source}:${line}: ${problem}`, name);
    slots.add(name);
    node.path = helperPath(SLOT_HELPER, node.loc);
    node.params = [stringLiteral(name, node.loc)];
  };

  const rewriteBlock = (node: hbs.AST.BlockStatement): void => {
    const param = node.params[0];
    if (
      node.path.original !== 'if' ||
      node.params.length !== 1 ||
      param?.type !== 'PathExpression' ||
      (node.hash && node.hash.pairs.length > 0)
    )
      refuse(node, `'${written(node)}': the only block is {{#if condition}}`);
    const name = (param as hbs.AST.PathExpression).original;
    const problem = language.checkFlag(name);
    if (problem !== undefined) throw new ReportTemplateError('REPORT_SLOT_UNKNOWN', `${source}:${lineOf(node.loc)}: ${problem}`, name);
    flags.add(name);
    const call: hbs.AST.SubExpression = {
      type: 'SubExpression',
      path: helperPath(FLAG_HELPER, param!.loc),
      params: [stringLiteral(name, param!.loc)],
      hash: { type: 'Hash', pairs: [], loc: param!.loc },
      loc: param!.loc,
    };
    node.params = [call];
    walk(node.program);
    if (node.inverse) walk(node.inverse);
  };

  const walk = (program: Ast): void => {
    for (const statement of program.body) {
      switch (statement.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement':
          rewriteMustache(statement as hbs.AST.MustacheStatement);
          break;
        case 'BlockStatement':
          rewriteBlock(statement as hbs.AST.BlockStatement);
          break;
        default:
          refuse(statement, `${statement.type.replace(/Statement$/, '').toLowerCase()}s are not part of the report's template language`);
      }
    }
  };
  walk(ast);

  const env = Handlebars.create();
  const known = { [SLOT_HELPER]: true, [FLAG_HELPER]: true, [DIRECTIVE_HELPER]: true, if: true };
  // strict and knownHelpersOnly: nothing the check above let through can reach a lookup or an unknown helper
  const render = env.compile(ast, { noEscape: true, strict: true, knownHelpers: known, knownHelpersOnly: true, data: false });

  return {
    slots,
    flags,
    directives,
    evaluate(values) {
      const reached: Array<{ name: string; argument: string | undefined; line: number }> = [];
      const helpers = {
        [SLOT_HELPER]: (name: string, options: { loc?: Loc }) => {
          const line = lineOf(options.loc);
          let value: string | undefined;
          try {
            value = values.slot(name);
          } catch (err) {
            if (err instanceof ReportTemplateError) throw err;
            const msg = err instanceof Error ? err.message : String(err);
            throw new ReportTemplateError(
              'REPORT_SLOT_UNFILLED',
              `${source}:${line}: slot '{{${name}}}' could not be computed: ${msg}`,
              name,
            );
          }
          if (value === undefined)
            throw new ReportTemplateError('REPORT_SLOT_UNFILLED', `${source}:${line}: slot '{{${name}}}' ${values.unfilled(name)}`, name);
          if (value.includes(MARK_OPEN) || value.includes(MARK_CLOSE))
            throw new ReportTemplateError(
              'REPORT_SLOT_UNFILLED',
              `${source}:${line}: slot '{{${name}}}' contains the reserved characters U+E000/U+E001`,
              name,
            );
          return value;
        },
        [FLAG_HELPER]: (name: string) => values.flag(name),
        [DIRECTIVE_HELPER]: (name: string, argument: string, options: { loc?: Loc }) => {
          reached.push({ name, argument: language.directives[name] ? argument : undefined, line: lineOf(options.loc) });
          return `${MARK_OPEN}${reached.length - 1}${MARK_CLOSE}`;
        },
      };
      const text = render({}, { helpers });
      const parts: TemplatePart[] = [];
      text.split(MARK).forEach((piece, i) => {
        if (i % 2 === 0) {
          if (piece !== '') parts.push({ kind: 'text', text: piece });
        } else {
          const d = reached[Number(piece)];
          if (d) parts.push({ kind: 'directive', ...d });
        }
      });
      return parts;
    },
  };
}
