import { describe, expect, it } from 'vitest';
import { contentsList, headingsOf, linkSectionReferences } from '../../report/navigation.ts';

const DOC = `# Title

## Abstract

## 2 Background

### 2.4 The toy model and what we measure

## 5 Geometry: uniform superposition

### 5.3 The student's \`uniform-small\` run

## 10 Adversarial vulnerability

### 10.1 Adversarial training

## Notes

## Notes
`;

describe('headingsOf', () => {
  it("gives every heading GitHub's anchor: lower case, punctuation dropped, spaces as dashes, repeats numbered", () => {
    const headings = headingsOf(DOC);
    expect(headings.map((h) => h.slug)).toEqual([
      'title',
      'abstract',
      '2-background',
      '24-the-toy-model-and-what-we-measure',
      '5-geometry-uniform-superposition',
      '53-the-students-uniform-small-run',
      '10-adversarial-vulnerability',
      '101-adversarial-training',
      'notes',
      'notes-1',
    ]);
    expect(headings.map((h) => h.number ?? '')).toEqual(['', '', '2', '2.4', '5', '5.3', '10', '10.1', '', '']);
    expect(headings[5]!.text).toBe("5.3 The student's uniform-small run");
  });

  it('lists the sections and subsections as links, subsections indented', () => {
    const list = contentsList(headingsOf(DOC)).split('\n');
    expect(list[0]).toBe('- [Abstract](#abstract)');
    expect(list[2]).toBe('    - [2.4 The toy model and what we measure](#24-the-toy-model-and-what-we-measure)');
    expect(list).toHaveLength(9); // the title (#) is not listed
  });
});

describe('linkSectionReferences', () => {
  const headings = headingsOf(DOC);
  const link = (text: string): string => linkSectionReferences(text, headings);

  it('links a section, a subsection and each number of a list, and leaves unknown numbers plain', () => {
    expect(link('as Section 5 shows')).toBe('as [Section 5](#5-geometry-uniform-superposition) shows');
    expect(link('see Section 10.1.')).toBe('see [Section 10.1](#101-adversarial-training).');
    expect(link("Section 5.3's model")).toBe("[Section 5.3](#53-the-students-uniform-small-run)'s model");
    expect(link('Sections 2 and 10')).toBe('Sections [2](#2-background) and [10](#10-adversarial-vulnerability)');
    expect(link('Section 99 and Section 2.40')).toBe('Section 99 and Section 2.40');
  });

  it('leaves headings, code and existing links alone', () => {
    const text = ['## 5 Section 5', '`Section 5`', '[Section 5](#elsewhere)', '```', 'Section 5', '```'].join('\n');
    expect(link(text)).toBe(text);
  });
});
