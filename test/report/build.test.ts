import { describe, expect, it } from 'vitest';
import { checkDeclared, declaredClaims } from '../analysis/claim-files.ts';
import { buildReport, checkedSvgSize, fillTemplate, loadTemplate } from '../../report/build.ts';
import { SLOTS, escapeMd, featureList, fmt } from '../../report/slots.ts';
import type { ReportInput } from '../../report/types.ts';
import { judgeClaim } from '../../analysis/verdicts.ts';
import { judgeChanges } from '../../analysis/change-verdicts.ts';
import { FIXTURE_FIGURE_COUNT, FIXTURE_SEEDS, makeFixture, overSeeds } from './fixtures.ts';
import { errorOf } from './template-error.ts';

/** the text of the paragraph (or list item, or table row) that contains `needle` */
function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  if (line === undefined) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return line;
}

describe('buildReport on the fixture', () => {
  const input = makeFixture();
  const { markdown, html } = buildReport(input);

  it('fills every slot: no template syntax is left in either output', () => {
    expect(markdown).not.toContain('{{');
    expect(markdown).not.toContain('}}');
    expect(html).not.toContain('{{');
    expect(markdown).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(html).not.toMatch(/undefined|NaN|\[object Object\]/);
  });

  it('keeps the sections of the draft and adds the new ones, in order', () => {
    const headings = markdown
      .split('\n')
      .filter((l) => l.startsWith('## '))
      .map((l) => l.slice(3));
    expect(headings).toEqual([
      'Abstract',
      'Results at a glance',
      '1 Introduction',
      '2 Background',
      '3 Demonstrating superposition',
      '4 Two training recipes',
      '5 Geometry: uniform superposition',
      '6 Superposition as a phase change',
      '7 Geometry: non-uniform superposition',
      '8 Correlated and anticorrelated features',
      '9 Learning dynamics',
      '10 Superposition and adversarial vulnerability',
      '11 Superposition in a privileged basis',
      '12 Computation in superposition',
      '13 An L1 penalty on the hidden layer',
      '14 Claims checked',
      '15 Cross-check with an independent implementation',
      '16 Discussion and limitations',
      '17 Methods',
      '18 Provenance',
      'Appendix A: Nonlinear compression',
      'References',
    ]);
  });

  it('prints the fixture numbers where they belong', () => {
    // the dense 5 → 2 model: two features at right angles, the rest tiny
    expect(lineWith(markdown, 'The densest model (1−S = 1)')).toContain('represents 2 of 5 features (f0, f1) at 90° to each other');
    expect(lineWith(markdown, 'The densest model (1−S = 1)')).toContain('norms 1 and 0.998');
    // the pentagon's norms and biases come from the fixture's W and b
    const pentagon = lineWith(markdown, 'The most even arrangement');
    expect(pentagon).toContain('72°, 72°, 72°, 72° and 72° apart');
    expect(pentagon).toContain('are all 1.05');
    expect(pentagon).toContain('are all −0.1');
    // held-out losses in the tables
    expect(lineWith(markdown, '| 0.1 | 90 % |')).toContain('0.00987');
    expect(markdown).toContain('| ReLU | 0.01 | 0 | 11 (0) | 5 | 0.483 | −0.2 | 0.424 | 0.00123 |');
    // the ReLU sweep, counted from the fixture's norms
    expect(markdown).toContain('5 (5 orthogonal) at 1−S = 1, 7 (3 orthogonal) at 1−S = 0.3 and 11 (0 orthogonal) at 1−S = 0.01');
    expect(markdown).toContain('2 antipodal pairs (f3/f4 and f5/f6)');
    // selection keeps the lowest-loss replica: 0.0344 shown, 0.0401 not
    expect(markdown).toContain('0.0344');
    expect(markdown).not.toContain('0.0401');
    expect(markdown).not.toContain('0.0934');
    // recipes and runs come from params
    expect(lineWith(markdown, '| mask |')).toContain('per\\_element');
    expect(lineWith(markdown, '| mask |')).toContain('per\\_batch');
    expect(lineWith(markdown, '| `seed-superposition` | 2 |')).toContain('**rmsprop**');
    expect(markdown).toContain('80 × 5 = 400');
    expect(markdown).toContain('SGD with lr 0.4 on the mean loss');
    // provenance: each node's cache key, and nothing of a run (no commit, times or dates)
    expect(markdown).toMatch(/^train\/intro {2,}aaaabbbbcccc$/m);
    expect(markdown).toContain('`sha256:9f2c1e0d`');
    expect(markdown).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/);
    // one seed's training work from the parameters, not its time: 6 models × 10,000 steps × 1,024 examples,
    // and 20,000 × 256 twice plus 50,000 × 256 (the rmsprop run) for the seed recipe's three models
    expect(lineWith(markdown, '| `superposition` | 2 of 2 |')).toMatch(/\| 61\.4 \|$/);
    expect(lineWith(markdown, '| `seed-superposition` | 2 of 2 |')).toMatch(/\| 23 \|$/);
    // learning dynamics: the fixture's two switches into digons, from its snapshots
    expect(lineWith(markdown, 'The model shown is chosen')).toContain(
      'with 4 and 2 such features; the model shown is restart 0 (held-out loss 0.5)',
    );
    expect(lineWith(markdown, 'At the end of training, 4 of its 4 features')).toContain(
      'every learned feature is one half of an antipodal pair, 2 pairs in 2 dimensions',
    );
    const jumps = lineWith(markdown, 'The model shown makes 4 jumps');
    expect(jumps).toContain('by 4 features, between steps 450 and 800; 2 go up and 2 down, and 4 land within ±0.03 of 1/2');
    expect(jumps).toContain('the held-out loss falls by 0.1 on average in the 2 intervals that some jump spans');
    expect(jumps).toContain('In the 5 other intervals between the first jump and the last it falls by 0.');
    expect(jumps).toContain('Check [`dynamics_loss_drops_at_jumps`](#claim-dynamics-dynamics_loss_drops_at_jumps) holds');
    expect(markdown).toContain('| 0 (shown) | 4 | 0 | 0 | 2 | 4 | 0.1 | 0 | 0.5 |');
    // seed 1 has one switch only: nothing lies between its first and last jump
    expect(markdown).toContain('| 1 | 2 | 1 | 1 | 2 | 2 | 0.1 | — | 0.4 |');
  });

  it('reports a claim that does not hold as such, with its per-seed numbers, in the text, the tables and the abstract', () => {
    const inText = lineWith(
      markdown,
      '**Check [`intro_pentagon`](#claim-intro-intro_pentagon) does not hold: it passes on 0 of 2 base seeds.**',
    );
    expect(inText).toContain('No instance at s ≤ 0.1 has five norms above 0.9');
    expect(inText).toContain('The paper: At 90 % sparsity all five features form a regular pentagon.');
    // the per-seed details hold every number, once per seed
    const details = markdown.split('\n').filter((l) => l.startsWith('| 2022101') && l.includes('best\\_gap\\_error\\_deg = 31.5'));
    expect(details.map((l) => l.slice(0, 12))).toEqual(['| 20221014 |', '| 20221015 |']);
    expect(details[0]).toContain('min\\_norm = 0.62');
    const entry = (exp: string, id: string): string => lineWith(markdown, `<details class="claim" id="claim-${exp}-${id}"`);
    expect(entry('intro', 'intro_pentagon')).toContain(
      'data-verdict="does-not-hold"><summary><span class="verdict does-not-hold"><strong>does not hold</strong></span>',
    );
    expect(entry('intro', 'intro_pentagon')).toMatch(/: 0 of 2 base seeds<\/summary>$/);
    expect(entry('intro', 'intro_dense')).toMatch(
      /data-verdict="holds"><summary><span class="verdict holds">holds<\/span> .*: 2 of 2 base seeds<\/summary>$/,
    );
    expect(lineWith(markdown, '- [`intro_pentagon`](#claim-intro-intro_pentagon) in `intro`')).toContain(
      '**does not hold**: it passes on 0 of 2 base seeds',
    );
    expect(markdown).toContain("Each of 32 automatic checks of the paper's claims is run on 2 base seeds; 26 hold, 6 do not");
    // one entry per claim per experiment, each the target of its row at a glance
    const entries = markdown.split('\n').filter((l) => l.startsWith('<details class="claim" id="claim-'));
    const claimCount = Object.values(input.experiments).reduce((n, e) => n + e.claims.length, 0);
    expect(entries).toHaveLength(claimCount);
    for (const e of entries) expect(markdown).toContain(`](#${/id="([^"]+)"/.exec(e)![1]}) (\``);
    // recipe-dependent verdicts are named
    expect(markdown).toContain(
      '[`relu_20_5_counts`](#claim-superposition-relu_20_5_counts) holds in `superposition` (2/2) but does not hold in ' +
        '[`seed-superposition`](#claim-seed-superposition-relu_20_5_counts) (0/2)',
    );
  });

  it('prints the phase-change grids of the fixture: the seed rule, the 3 → 2 classes and the colour map', () => {
    // seed fixture: (0.1, 1) and (0.1, 0.01) agree with the translated theory, the two r = 10 points do not
    expect(lineWith(markdown, "Read the draft's way")).toContain("Read the draft's way, 2 of the 4 cells (50 %) match the theory");
    expect(lineWith(markdown, "Read the draft's way")).toContain('1 first only, 1 second only and 2 unclassified (white) points');
    expect(lineWith(markdown, 'Its reading:')).toContain('more than 2 of its 4 runs');
    expect(lineWith(markdown, 'Its recipe:')).toContain('W ~ N(0, 1)·1.5 and biases b ~ N(0, 1)·0.5');
    // 3 → 2 fixture: one cell pairs the extra feature where the theory pairs the normal features
    expect(lineWith(markdown, 'land in the configuration the closed forms predict')).toContain('3 of the 4 cells (75 %)');
    expect(lineWith(markdown, 'Classifying the kept models one by one')).toContain(
      '2 of 2 (100 %) models pair the extra feature with a normal one instead',
    );
    expect(markdown).toContain('Check [`phase_n3m2_theory`](#claim-phase-n3m2-phase_n3m2_theory) holds');
    expect(lineWith(markdown, 'two-dimensional colour map like the paper')).toContain('reaches 1 or more');
  });

  it('numbers the figures in order and links them as figures/<id>.svg in the Markdown', () => {
    const ids = [
      'intro-geometry',
      'superposition-linear',
      'superposition-relu',
      'seed-intro-geometry',
      'seed-superposition-linear',
      'seed-superposition-relu',
    ];
    let last = -1;
    ids.forEach((id, k) => {
      const image = markdown.indexOf(`](figures/${id}.svg)`);
      expect(image).toBeGreaterThan(last);
      const caption = markdown.indexOf(`**Figure ${k + 1}.** *\``);
      expect(caption).toBeGreaterThan(image);
      expect(markdown.indexOf(`Caption of ${id}`, caption)).toBeGreaterThan(caption);
      last = image;
    });
    // each caption opens with what its figure shows: the experiment, its size, its recipe and the seed drawn
    expect(markdown).toContain(
      '**Figure 1.** *`intro`: 5 features in 2 hidden dimensions, notebook recipe, base seed 20221014.* Caption of intro-geometry',
    );
    expect(markdown).toContain(
      '**Figure 4.** *`seed-intro`: 5 features in 2 hidden dimensions, student (seed) recipe, base seed 20221014.* Caption of seed-intro',
    );
    expect(markdown).toContain('[Figure 3](#figure-3) shows the ReLU-output model at every density');
    // under each figure, what drew it: the node, its key, the settings' digest ('intro' has 5 letters), its files
    const first = input.experiments.intro!.figures[0]!.id;
    expect(markdown).toContain(
      `*Drawn by \`figures@intro\` (cache key \`ffff0000eeee\`) from the settings with digest \`0005feedface\`; [Vega-Lite spec with its data](figures/${first}.vl.json), [SVG](figures/${first}.svg).*`,
    );
    expect(html).toContain(`<span class="source"><em>Drawn by <code>figures@intro</code>`);
    expect(markdown).toContain('<a id="figure-3"></a>');
  });

  it('links every section reference, figure reference and contents entry to an anchor that exists in the HTML', () => {
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const mdTargets = [...markdown.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    const htmlTargets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(mdTargets.filter((t) => !ids.has(t))).toEqual([]);
    expect(htmlTargets.filter((t) => !ids.has(t))).toEqual([]);
    // the contents list every section; the prose's "Section N" became links
    expect(markdown).toMatch(/\*\*Contents\*\*\n\n- \[Abstract\]\(#abstract\)/);
    expect(html).toContain('<nav class="contents" aria-label="Contents">');
    expect(markdown).not.toMatch(/(?<!\[)\bSection \d/);
    expect(mdTargets.length).toBeGreaterThan(40);
  });

  it('writes an HTML page that shows each figure as its SVG file beside the page, loaded lazily, and nothing remote', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<style>[\s\S]*table[\s\S]*<\/style>/);
    // no figure is inline: each is an image of its file under figures/, with its box reserved by the SVG's own size
    expect(html).not.toMatch(/<svg[\s>]/);
    const images = [...html.matchAll(/<img ([^>]*)>/g)].map((m) => m[1]!);
    expect(images).toHaveLength(FIXTURE_FIGURE_COUNT);
    for (const attrs of images) {
      expect(attrs).toMatch(/^src="figures\/[a-z0-9-]+\.svg" width="120" height="40" loading="lazy" /);
      expect(attrs).toMatch(/ alt="[^"]+"$/);
    }
    // the fixture's 120 px wide figures keep their width on a narrow screen; wider ones keep 520 px and scroll
    expect(images[0]).toContain('style="min-width: 120px"');
    const first = makeFixture().experiments.intro!.figures[0]!;
    expect(html).toContain(`<a href="figures/${first.id}.svg" title="Open Figure 1 at full size"><img src="figures/${first.id}.svg"`);
    // every src is a file beside the page, never an address
    expect([...html.matchAll(/\bsrc\s*=\s*"([^"]*)"/gi)].map((m) => m[1]).filter((src) => !src!.startsWith('figures/'))).toEqual([]);
    expect(html).not.toMatch(/<link[\s>]/i);
    // one inline script (the contents' progressive enhancement), nothing loaded
    expect(html.match(/<script\b[^>]*>/gi)).toEqual(['<script>']);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    // links to the references' pages are the reader's to follow; no other element names a remote address
    expect(html.match(/<(?!a\s)[a-z]+\s[^>]*\bhref\s*=\s*["']?https?:/gi)).toBeNull();
    expect(html).toContain('href="https://arxiv.org/abs/2209.10652"');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // the results table and the claims' per-seed tables carry their column names into each cell (cards on a
    // phone); the other tables do not
    expect(html).toContain('<td data-label="ours: median (range) over the seeds">');
    expect(html).toMatch(/<details class="claim"[^>]*>[\s\S]*?<td data-label="base seed">20221014<\/td>/);
    expect(html).toContain('<td><code>seed-intro</code></td>');
    expect(html).toContain(
      '<figcaption><strong>Figure 1.</strong> <em><code>intro</code>: 5 features in 2 hidden dimensions, notebook recipe, base seed 20221014.</em> Caption of intro-geometry',
    );
    expect(html).toContain('<a href="#figure-3">Figure 3</a>');
    // a table scrolls sideways on a narrow screen, so a keyboard can reach it
    expect(html).toContain('<table tabindex="0">');
    expect(html).not.toMatch(/<table>/);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const again = buildReport(makeFixture());
    expect(again.markdown).toBe(markdown);
    expect(again.html).toBe(html);
    const cloned = buildReport(structuredClone(input) as ReportInput);
    expect(cloned.markdown).toBe(markdown);
    expect(cloned.html).toBe(html);
  });
});

describe('results change the sentences, not only the numbers', () => {
  it('says that no model represents all features when none does', () => {
    const input = makeFixture();
    const intro = input.experiments.intro;
    if (!intro) throw new Error('fixture');
    const pentagon = intro.analysis.models[3];
    if (!pentagon) throw new Error('fixture');
    pentagon.norms = pentagon.norms.map((n, i) => (i === 4 ? 0.2 : n));
    const { markdown } = buildReport(input);
    expect(markdown).toContain('No model in the sweep represents all 5 features: the most any model represents is 4, at 1−S = 0.2.');
    expect(markdown).not.toContain('The most even arrangement');
  });

  it("flips a claim that holds to one that does not when its seeds' results flip", () => {
    const input = makeFixture();
    const superposition = input.experiments.superposition!;
    const failing = {
      id: 'linear_bias',
      expected: 'biases at s/2',
      observed: 'one bias is off',
      status: 'fail' as const,
      numbers: { max_dev: 0.0421 },
    };
    superposition.claims = superposition.claims.map((c) => (c.id === 'linear_bias' ? overSeeds([failing])[0]! : c));
    const { markdown } = buildReport(input);
    expect(
      lineWith(markdown, '**Check [`linear_bias`](#claim-superposition-linear_bias) does not hold: it passes on 0 of 2 base seeds.**'),
    ).toContain('it fails: one bias is off.');
    expect(lineWith(markdown, '| 20221014 | **fail** | one bias is off.')).toContain('max\\_dev = 0.0421');
    expect(markdown).toContain("Each of 32 automatic checks of the paper's claims is run on 2 base seeds; 25 hold, 7 do not");
  });

  it('counts a seed where a claim cannot be judged for neither side, and says why', () => {
    const input = makeFixture();
    const intro = input.experiments.intro!;
    const pass = {
      id: 'intro_dense',
      expected: 'two perpendicular features',
      observed: 'two perpendicular features',
      status: 'pass' as const,
      numbers: {},
    };
    const notJudged = { ...pass, status: 'not-judged' as const, observed: 'nothing to compare', reason: 'no dense model' };
    intro.claims = intro.claims.map((c) =>
      c.id === 'intro_dense'
        ? judgeClaim(
            'intro_dense',
            [
              { seed: 1, result: pass },
              { seed: 2, result: notJudged },
            ],
            0.8,
          )!
        : c,
    );
    const { markdown } = buildReport(input);
    expect(lineWith(markdown, 'Check [`intro_dense`](#claim-intro-intro_dense) holds')).toContain(
      'it passes on 1 of 1 base seed where it could be judged (not judged on 1 of 2)',
    );
    // its evidence in Section 14: the verdict, the tally with the seed not judged, and each seed's row
    expect(lineWith(markdown, '<details class="claim" id="claim-intro-intro_dense"')).toContain(
      '<span class="verdict holds">holds</span> intro_dense (<code>intro_dense</code> in <code>intro</code>, notebook recipe)',
    );
    expect(lineWith(markdown, '<details class="claim" id="claim-intro-intro_dense"')).toContain(
      '1 of 1 base seed where it could be judged (not judged on 1 of 2)</summary>',
    );
    expect(markdown).toContain('| 1 | pass | two perpendicular features. |');
    expect(lineWith(markdown, '| 2 | not judged |')).toContain('no dense model.');
  });
});

describe('with the real claim checker', () => {
  it('reports its verdicts on the fixture analyses, claims that do not hold with their numbers', () => {
    const input = makeFixture();
    for (const e of Object.values(input.experiments)) e.claims = overSeeds(checkDeclared(e.id, e.analysis));
    const { markdown } = buildReport(input);
    expect(markdown).not.toContain('{{');
    // the student's 0.2 model keeps only three features: the checker fails it and the text says so
    const failing = input.experiments['seed-intro']?.claims.find((c) => c.id === 'intro_80pct');
    expect(failing?.verdict).toBe('does-not-hold');
    expect(markdown).toContain('**Check [`intro_80pct`](#claim-seed-intro-intro_80pct) does not hold: it passes on 0 of 2 base seeds.**');
    expect(lineWith(markdown, 'id="claim-seed-intro-intro_80pct"')).toContain(
      '<span class="verdict does-not-hold"><strong>does not hold</strong></span>',
    );
    const listed = lineWith(markdown, `| 20221014 | **fail** | ${failing!.seeds[0]!.observed.slice(0, 30)}`);
    for (const [k, v] of Object.entries(failing!.seeds[0]!.numbers)) expect(listed).toContain(`${escapeMd(k)} = ${fmt(v)}`);
    // every result of the checker has its row
    const total = Object.values(input.experiments).reduce((n, e) => n + e.claims.length, 0);
    expect(markdown).toContain(`Each of ${total} automatic checks`);
  });
});

describe('missing experiments', () => {
  for (const id of [
    'intro',
    'superposition',
    'seed-intro',
    'seed-superposition',
    'uniform',
    'uniform-paper',
    'phase-n2m1',
    'seed-phase-n2m1',
    'phase-n3m2',
    'nonuniform-pentagon',
    'dynamics',
  ]) {
    it(`builds without '${id}' and says so`, () => {
      const input = makeFixture();
      const figures = input.experiments[id]!.figures.map((f) => f.file);
      delete input.experiments[id];
      const { markdown, html } = buildReport(input);
      expect(markdown).not.toContain('{{');
      expect(markdown).toContain(`\`${id}\``);
      expect(markdown).toMatch(/is not part of this run/);
      expect(markdown).toContain(`\`${id}\` (`); // named in the opening note
      // (not a prefix test: 'uniform-' also begins the figures of 'uniform-paper')
      for (const file of figures) expect(markdown).not.toContain(file);
      expect(html.match(/<img[\s>]/g)?.length ?? 0).toBeLessThan(FIXTURE_FIGURE_COUNT);
    });
  }

  it('builds with no experiment at all', () => {
    const input = makeFixture();
    input.experiments = {};
    const { markdown } = buildReport(input);
    expect(markdown).not.toContain('{{');
    expect(markdown).toContain("No automatic check of the paper's claims was run.");
    expect(markdown).not.toContain('![');
  });

  it('builds when the linear run was removed from an experiment', () => {
    const input = makeFixture();
    const sup = input.experiments.superposition;
    if (!sup) throw new Error('fixture');
    sup.analysis.selected = sup.analysis.selected.filter((i) => sup.analysis.models[i]?.activation !== 'linear');
    sup.analysis.models.forEach((m) => {
      if (m.activation === 'linear') m.activation = 'relu';
    });
    sup.figures = sup.figures.filter((f) => !f.id.endsWith('linear'));
    const { markdown } = buildReport(input);
    expect(markdown).toContain('*No linear model was trained in this run.*');
  });
});

describe('template errors name the slot', () => {
  const input = makeFixture();

  it('rejects an unknown slot', () => {
    const err = errorOf(() => buildReport(input, { template: 'Hello\n{{intro.no_such_slot}} world' }));
    expect(err.code).toBe('REPORT_SLOT_UNKNOWN');
    expect(err.slot).toBe('intro.no_such_slot');
    expect(err.message).toContain('intro.no_such_slot');
    expect(err.message).toContain('<template>:2');
  });

  it('rejects a slot whose experiment is missing unless the text is guarded', () => {
    const without = makeFixture();
    delete without.experiments.intro;
    const err = errorOf(() => fillTemplate('{{intro.dense_summary}}', without));
    expect(err.code).toBe('REPORT_SLOT_UNFILLED');
    expect(err.message).toContain('intro.dense_summary');
    expect(fillTemplate('{{#if has.intro}}{{intro.dense_summary}}{{else}}none{{/if}}', without).markdown).toBe('none\n');
  });

  it('rejects unknown conditions, unknown figures and broken syntax', () => {
    expect(errorOf(() => fillTemplate('{{#if has.nothing}}x{{/if}}', input)).message).toContain('has.nothing');
    expect(errorOf(() => fillTemplate('{{#if has.intro}}x', input)).code).toBe('REPORT_TEMPLATE_SYNTAX');
    expect(errorOf(() => fillTemplate('x{{/if}}', input)).code).toBe('REPORT_TEMPLATE_SYNTAX');
    expect(errorOf(() => fillTemplate('a {{intro.features', input)).code).toBe('REPORT_TEMPLATE_SYNTAX');
    expect(errorOf(() => fillTemplate('{{figure "intro-nothing"}}', input)).message).toContain('{{figure "intro-nothing"}}');
    expect(errorOf(() => fillTemplate('{{figure "intro-nothing"}}', input)).code).toBe('REPORT_FIGURE');
    expect(errorOf(() => fillTemplate('{{figure "nope-geometry"}}', input)).code).toBe('REPORT_SLOT_UNFILLED');
    expect(errorOf(() => fillTemplate('{{figure "intro-geometry"}} {{figure "intro-geometry"}}', input)).message).toContain('shown twice');
    expect(errorOf(() => fillTemplate('{{figref "intro-geometry"}}', input)).message).toContain('{{figref "intro-geometry"}}');
    expect(errorOf(() => fillTemplate('{{figure intro-geometry}}', input)).message).toContain('one quoted argument');
    expect(errorOf(() => fillTemplate('{{not a slot!}}', input)).code).toBe('REPORT_TEMPLATE_SYNTAX');
    expect(errorOf(() => fillTemplate('{{#each has.intro}}x{{/each}}', input)).code).toBe('REPORT_TEMPLATE_SYNTAX');
  });

  it('checks every branch, taken or not', () => {
    // intro is in the fixture, so the else branch is never evaluated; its misspelt slot still fails
    const err = errorOf(() => fillTemplate('{{#if has.intro}}\nok\n{{else}}\n{{intro.dense_sumary}}\n{{/if}}\n', input));
    expect(err.code).toBe('REPORT_SLOT_UNKNOWN');
    expect(err.message).toContain('<template>:4');
    expect(fillTemplate('{{#if has.intro}}\nok\n{{else}}\n{{intro.dense_summary}}\n{{/if}}\n', input).markdown).toBe('ok\n');
  });

  it('numbers figures in the order shown and links a forward reference', () => {
    const { markdown } = fillTemplate(
      'See {{figref "superposition-relu"}}.\n\n{{figure "intro-geometry"}}\n\n{{figure "superposition-relu"}}\n',
      input,
    );
    expect(markdown).toContain('See [Figure 2](#figure-2).');
    expect(markdown.indexOf('**Figure 1.**')).toBeLessThan(markdown.indexOf('**Figure 2.**'));
    expect(markdown).toContain('<a id="figure-2"></a>');
  });

  it('has no digits of results in the template prose', () => {
    // Outside headings and references, the template's numbers are the paper's settings (80 %, 90 %,
    // 20 → 5), section numbers and constants of the definitions; every measured number is a slot.
    const template = loadTemplate()
      .replace(/\{\{[^}]*\}\}/g, '')
      .replace(/^#+ .*$/gm, '')
      .replace(/^(<a id="ref-\d"><\/a>)?\[\d\] .*$/gm, '');
    const numbers = [...template.matchAll(/(?<![\w.])\d+(?:\.\d+)?(?!\w)/g)].map((m) => m[0]);
    const sections = ['5.3', '10', '10.1', '11', '12', '13', '14', '15', '16', '17', '18'];
    for (const n of numbers) expect(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '2.4', '20', '80', '90', ...sections]).toContain(n);
  });
});

describe('helpers', () => {
  it('formats numbers with three significant digits and a true minus', () => {
    expect(fmt(0.71688)).toBe('0.717');
    expect(fmt(1)).toBe('1');
    expect(fmt(-0.1)).toBe('−0.1');
    expect(fmt(12.345)).toBe('12.3');
    expect(fmt(0)).toBe('0');
    expect(fmt(-0)).toBe('0');
    expect(fmt(2.5e-7)).toBe('2.5×10⁻⁷');
    // counts are never rounded
    expect(fmt(25600)).toBe('25600');
    expect(fmt(-1234567)).toBe('−1234567');
    expect(fmt(1234.5)).toBe('1230');
  });

  it('compresses feature lists', () => {
    expect(featureList([0, 1, 2, 3, 7])).toBe('f0–f3, f7');
    expect(featureList([4, 0, 1])).toBe('f0, f1, f4');
    expect(featureList([])).toBe('none');
  });

  it('offers a narrow screen a figure’s narrow variant, with its own size, where the figure has one', () => {
    const input = makeFixture();
    const figure = input.experiments.intro!.figures[0]!;
    figure.svg = '<svg width="900" height="200"></svg>';
    figure.narrow = { svg: '<svg width="400" height="500"></svg>', file: `figures/${figure.id}.narrow.svg` };
    const { html } = buildReport(input);
    const picture = /<picture>(.*?)<\/picture>/.exec(html)?.[1] ?? '';
    expect(picture).toMatch(
      new RegExp(
        `^<source media="\\(max-width: 600px\\)" srcset="figures/${figure.id}\\.narrow\\.svg" width="400" height="500"><img src="figures/${figure.id}\\.svg" width="900" height="200" `,
      ),
    );
    // the wide figure may shrink to the narrow one's width before it scrolls
    expect(picture).toContain('style="min-width: 400px"');
    // only the figure with a variant is a picture; the link opens the full-size figure
    expect(html.match(/<picture>/g)).toHaveLength(1);
    expect(html).toContain(`<a href="figures/${figure.id}.svg" title="Open Figure 1 at full size"><picture>`);
    // a caption that points left and right says, on the screen that gets the stacked variant, where they went
    expect(html).not.toContain('class="narrow-note"');
    figure.caption = 'Left: the loss. Right: the norms.';
    const noted = buildReport(input).html;
    expect(noted.match(/<span class="narrow-note">[^<]*left is on top, right below it/g)).toHaveLength(1);
    expect(noted).toMatch(/@media \(max-width: 600px\) \{ \.narrow-note \{ display: inline; \} \}/);
    // a variant is checked as the figure is
    figure.narrow = { svg: '<svg width="4" height="5"><script>alert(1)</script></svg>', file: 'figures/x.narrow.svg' };
    expect(() => buildReport(input)).toThrow(/script/);
  });

  it('refuses an SVG that would load something or run a script, and reads the size of one that does not', () => {
    expect(() => checkedSvgSize('<svg width="9" height="9"><image href="https://example.com/a.png"/></svg>', 'x')).toThrow(/external/);
    expect(() => checkedSvgSize('<svg width="9" height="9"><script>alert(1)</script></svg>', 'x')).toThrow(/script/);
    expect(() => checkedSvgSize('<svg width="9" height="9"><g onload="alert(1)"/></svg>', 'x')).toThrow(/event handler/);
    expect(() => checkedSvgSize('<html><svg width="9" height="9"/></html>', 'x')).toThrow(/does not start with <svg/);
    expect(() => checkedSvgSize('<svg viewBox="0 0 9 9"/>', 'x')).toThrow(/no positive width/);
    expect(checkedSvgSize('<?xml version="1.0"?>\n<svg class="marks" width="553" height="326.5"><g width="1"/></svg>', 'x')).toEqual({
      width: 553,
      height: 326.5,
    });
  });
});

describe('section 8 on correlated and anticorrelated features', () => {
  it('shows the setup, every replica’s layout and the failing claim with its numbers', async () => {
    const { experiment: analysisOf, model, polar } = await import('../analysis/fixtures.ts');
    const { figure } = await import('./fixtures.ts');
    const input = makeFixture();
    // one density, two replicas: partners antipodal (loss 1e-6) and a square with partners orthogonal (loss 2e-6)
    const antipodal = model({ W: [polar(0), polar(180), polar(90), polar(270)], density: 0.05, evalLoss: 2e-6, replica: 0 });
    const square = model({ W: [polar(0), polar(90), polar(180), polar(270)], density: 0.05, evalLoss: 1e-6, replica: 1 });
    const analysis = {
      ...analysisOf([antipodal, square], { experiment: 'anticorrelated-pairs', importance: [1, 1, 1, 1] }),
      featureSets: [
        { kind: 'anticorrelated' as const, features: [0, 1] },
        { kind: 'anticorrelated' as const, features: [2, 3] },
      ],
    };
    input.experiments['anticorrelated-pairs'] = {
      id: 'anticorrelated-pairs',
      title: 'Anticorrelated pairs',
      seeds: FIXTURE_SEEDS,
      analysis,
      claims: overSeeds(checkDeclared('anticorrelated-pairs', analysis)),
      changes: [],
      seedModels: [],
      figures: [figure('anticorrelated-pairs-geometry', 'Anticorrelated pairs')],
    };
    const { markdown } = buildReport(input);
    expect(lineWith(markdown, 'Here the pairs exclude each other')).toContain(
      '4 features in 2 hidden dimensions, Iᵢ = 1 for every feature, in 2 anticorrelated sets {0, 1} and {2, 3}, trained with the notebook recipe at 1−S = 0.05, with 2 restarts per density',
    );
    // the square has the lower loss, so it is the model shown; the table lists both replicas
    const row = lineWith(markdown, 'antipodal (2×10⁻⁶)');
    expect(row.startsWith('| 0.05 |')).toBe(true);
    expect(row).toContain('orthogonal (1×10⁻⁶); antipodal (2×10⁻⁶)');
    expect(
      lineWith(markdown, '**Check [`anticorrelated_antipodal`](#claim-anticorrelated-pairs-anticorrelated_antipodal) does not hold'),
    ).toContain('1−S = 0.05: cos 0.00, 0.00');
    // the other subsections say plainly that their experiments did not run
    expect(markdown).toContain('*The experiment `correlated-collapse` is not part of this run');
    expect(SLOTS['correlated.regimes']?.({} as never)).toBe(
      '0 for 1−S in (0, 0.05], 1 for 1−S in (0.05, 0.15], 2 for 1−S in (0.15, 0.2] and 3 for 1−S in [0.25, 0.5]; it gives no count between 0.2 and 0.25 and above 0.5',
    );
  });
});

describe('the verdict tables: results at a glance, changes to the checks, the cross-check', () => {
  /** the fixture with the real checker's verdicts and the changes to the checks judged on its models */
  function judged(): ReportInput {
    const input = makeFixture();
    for (const e of Object.values(input.experiments)) {
      e.claims = overSeeds(checkDeclared(e.id, e.analysis));
      e.changes = judgeChanges(
        e.id,
        FIXTURE_SEEDS.map((seed) => ({ seed, analysis: e.analysis })),
        e.claims,
        0.8,
        declaredClaims(e.id),
      );
    }
    return input;
  }

  it('lists every claim at a glance with the paper’s value, ours over the seeds, the verdict and a link to its section', () => {
    const { markdown, html } = buildReport(judged());
    const triple = lineWith(markdown, '(`phase_n2m1_theory`)');
    expect(triple).toContain(
      '| [`phase-n2m1`](#exp-phase-n2m1) | triple point: the boundary density at r = 1 | 4/7 ≈ 0.571 | 0.571 | <span class="verdict holds">holds</span> 2/2 |',
    );
    // a count is printed as a whole number
    expect(lineWith(markdown, '(`relu_20_5_counts`) | [`seed-superposition`]')).toMatch(
      /\| all \d+ \| \d+ \| <span class="verdict does-not-hold"><strong>does not hold<\/strong><\/span> 0\/2 \|$/,
    );
    // the link's target exists in the HTML
    expect(html).toContain('<a id="exp-phase-n2m1"></a>');
    expect(html).toContain('href="#exp-phase-n2m1"');
  });

  it('tabulates each change with its reason and the old and new verdicts of the same models', () => {
    const input = judged();
    const { markdown } = buildReport(input);
    const row = lineWith(markdown, '| pentagon\\_norm\\_bias without a pentagon |');
    expect(row).toContain('§Geometry, non-uniform superposition');
    // the student's 5 → 2 fixture has no pentagon: the old rule failed the claim on both seeds, the new one judges neither
    expect(row).toContain(
      '[`pentagon_norm_bias`](#claim-seed-intro-pentagon_norm_bias) in `seed-intro`: does not hold (0/2) → not judged (0/0)',
    );
    expect(lineWith(markdown, '| new: the lowest-loss restart of each 3 → 2 cell |')).toContain(
      '[`phase_n3m2_lowest_loss`](#claim-phase-n3m2-phase_n3m2_lowest_loss) in `phase-n3m2`: new → holds (2/2)',
    );
  });

  it('compares the PyTorch cross-check with the pipeline per seed, and says when its settings are not params.yaml’s', () => {
    const input = judged();
    const intro = input.experiments.intro!;
    const torchModels = intro.analysis.selected.map((k) => {
      const m = intro.analysis.models[k]!;
      return { run: m.run, activation: m.activation, density: m.density, restart: 0, evalLoss: m.evalLoss, W: m.W, b: m.b };
    });
    const job = { seeds: [1], experiments: [] };
    input.crossCheck = {
      results: {
        command: 'npm run crosscheck',
        seconds: 12,
        torch: '1.13.0',
        python: '3.11.2',
        job,
        experiments: [{ id: 'intro', seeds: [{ seed: 1, models: torchModels }] }],
      },
      differences: [],
    };
    const same = buildReport(input).markdown;
    expect(lineWith(same, '| `intro` | densities whose model is a pentagon |')).toMatch(/\| 1, 1 \| 1 \| yes \|$/);
    expect(same).toContain('On all 4 statistics the two implementations');
    // PyTorch's pentagon turned into something else: the ranges no longer meet
    torchModels[2]!.W = [
      [1, 0],
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    input.crossCheck.differences = ['intro.steps was 20, is 10000'];
    const apart = buildReport(input).markdown;
    expect(lineWith(apart, '| `intro` | densities whose model is a pentagon |')).toMatch(/\| 1, 1 \| 0 \| \*\*no\*\* \|$/);
    expect(apart).toContain('**These results were made with other settings than params.yaml');
  });
});
