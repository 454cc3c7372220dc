import { createPrng, deriveSeed } from '../data/prng.ts';
const r = createPrng(20221014);
console.log([r.uint32(), r.uint32(), r.uint32(), r.uint32()], deriveSeed(20221014, 'intro', 0));
