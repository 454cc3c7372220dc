import { describe, expect, it } from 'vitest';
import { checkTemplate, type TemplateLanguage, type TemplateValues } from '../../report/template-engine.ts';
import { errorOf } from './template-error.ts';

// A small language of its own, so that these tests hold the engine to its rules without the report's slots.
const language: TemplateLanguage = {
  checkSlot: (name) => (['a', 'b.c', 'd-e.f', 'broken', 'missing'].includes(name) ? undefined : `unknown slot '${name}'`),
  checkFlag: (name) => (['yes', 'no', 'has.x-y'].includes(name) ? undefined : `unknown condition '${name}'`),
  directives: { fig: true, rest: false },
};

const values: TemplateValues = {
  slot: (name) => {
    if (name === 'broken') throw new Error('no data');
    if (name === 'missing') return undefined;
    return `<${name}>`;
  },
  unfilled: () => 'has no value',
  flag: (name) => name === 'yes' || name === 'has.x-y',
};

function render(template: string): string {
  return checkTemplate(template, language)
    .evaluate(values)
    .map((p) => (p.kind === 'text' ? p.text : `[${p.name}:${p.argument ?? ''}@${p.line}]`))
    .join('');
}

describe('checkTemplate', () => {
  it('fills dotted and hyphenated slot names verbatim, without HTML escaping', () => {
    expect(render('{{a}} & {{b.c}} {{d-e.f}}')).toBe('<a> & <b.c> <d-e.f>');
  });

  it('keeps one branch and removes block tags that stand alone on their line', () => {
    const template =
      'top\n{{#if yes}}\n  kept\n{{else}}\n  dropped\n{{/if}}\n{{#if no}}\nnever\n{{else if has.x-y}}\nchained\n{{/if}}\nend\n';
    expect(render(template)).toBe('top\n  kept\nchained\nend\n');
    // inline, a block keeps the text around it
    expect(render('a {{#if no}}x{{else}}y{{/if}} b')).toBe('a y b');
    expect(render('x\n{{!-- a comment --}}\ny')).toBe('x\ny');
  });

  it('returns directives in output order with their argument and line', () => {
    expect(render('one\n{{fig "p-q"}}\n{{#if no}}{{fig "never"}}{{/if}}{{rest}}')).toBe('one\n[fig:p-q@2]\n[rest:@3]');
    const checked = checkTemplate('{{#if no}}{{fig "never"}}{{/if}}', language);
    // the check sees every branch; evaluation only the taken one
    expect(checked.directives.map((d) => d.argument)).toEqual(['never']);
    expect(checked.flags).toEqual(new Set(['no']));
  });

  it('refuses unknown names in any branch, with the line', () => {
    const slot = errorOf(() => checkTemplate('x\n{{#if no}}\n{{nope}}\n{{/if}}', language));
    expect([slot.code, slot.slot]).toEqual(['REPORT_SLOT_UNKNOWN', 'nope']);
    expect(slot.message).toBe("<template>:3: unknown slot 'nope'");
    const flag = errorOf(() => checkTemplate('{{#if maybe}}x{{/if}}', language));
    expect([flag.code, flag.slot]).toEqual(['REPORT_SLOT_UNKNOWN', 'maybe']);
  });

  it('refuses what the language does not have', () => {
    for (const bad of [
      '{{> partial}}',
      '{{#each a}}x{{/each}}',
      '{{#if yes extra}}x{{/if}}',
      '{{a b}}',
      '{{a key=1}}',
      '{{fig}}',
      '{{fig p}}',
      '{{rest "x"}}',
      '{{../a}}',
      '{{@index}}',
      '{{this}}',
      '{{"literal"}}',
      'text \uE000 reserved',
    ]) {
      expect(errorOf(() => checkTemplate(bad, language)).code, bad).toBe('REPORT_TEMPLATE_SYNTAX');
    }
  });

  it('reports an unbalanced block or tag in one line with its line number', () => {
    for (const bad of ['a\n{{#if yes}}x', 'x{{/if}}', 'a\nb {{a', '{{#if yes}}x{{/each}}']) {
      const err = errorOf(() => checkTemplate(bad, language));
      expect(err.code, bad).toBe('REPORT_TEMPLATE_SYNTAX');
      expect(err.message, bad).toMatch(/^<template>:\d+: the template does not parse: /);
      expect(err.message, bad).not.toContain('\n');
    }
    expect(errorOf(() => checkTemplate('a\n{{#if yes}}x', language)).message).toBe(
      '<template>:2: the template does not parse: it ends inside a block ({{#if …}} without its {{/if}})',
    );
    expect(errorOf(() => checkTemplate('x{{/if}}', language)).message).toContain('{{/if}} without an open {{#if …}}');
  });

  it('names the slot and line of a value that cannot be computed', () => {
    const thrown = errorOf(() => render('ok\n\n{{broken}}'));
    expect([thrown.code, thrown.slot, thrown.message]).toEqual([
      'REPORT_SLOT_UNFILLED',
      'broken',
      "<template>:3: slot '{{broken}}' could not be computed: no data",
    ]);
    expect(errorOf(() => render('{{missing}}')).message).toBe("<template>:1: slot '{{missing}}' has no value");
    // an untaken branch is never evaluated
    expect(render('{{#if no}}{{broken}}{{/if}}done')).toBe('done');
  });
});
