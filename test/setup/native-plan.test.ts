import { describe, expect, it } from 'vitest';
import { libtensorflowVersionOf } from '../../model/backend.ts';
import { libraryLinks, pinnedRequirementsOf } from '../../setup/native-plan.ts';

describe('pinnedRequirementsOf', () => {
  // lines as TensorFlow 2.15.1's METADATA writes them (both marker quotings occur in the wild)
  const metadata = [
    'Metadata-Version: 2.1',
    'Name: tensorflow',
    'Requires-Dist: absl-py >=1.0.0',
    'Requires-Dist: numpy <2.0.0,>=1.23.5',
    'Requires-Dist: nvidia-cublas-cu12 ==12.2.5.6 ; extra == "and-cuda"',
    "Requires-Dist: nvidia-cudnn-cu12 (==8.9.4.25) ; extra == 'and-cuda'",
    'Requires-Dist: tensorrt ==8.6.1.post1 ; extra == "and-cuda-tensorrt"',
    'Requires-Dist: keras <2.16,>=2.15.0',
    '',
  ].join('\n');

  it("takes exactly the extra's exact pins, in order", () => {
    expect(pinnedRequirementsOf(metadata, 'and-cuda')).toEqual(['nvidia-cublas-cu12==12.2.5.6', 'nvidia-cudnn-cu12==8.9.4.25']);
    expect(pinnedRequirementsOf(metadata, 'and-cuda-tensorrt')).toEqual(['tensorrt==8.6.1.post1']);
    expect(pinnedRequirementsOf(metadata, 'no-such-extra')).toEqual([]);
  });

  it('refuses a range: the installed CUDA must not depend on the day of the install', () => {
    expect(() => pinnedRequirementsOf('Requires-Dist: nvidia-nccl-cu12 >=2.16 ; extra == "and-cuda"', 'and-cuda')).toThrow(
      /nvidia-nccl-cu12: '>=2.16' is not an exact pin/,
    );
  });
});

describe('libraryLinks and libtensorflowVersionOf', () => {
  it("names the wheel's two libraries as the libtensorflow release the addon links against", () => {
    const version = libtensorflowVersionOf("const LIBTENSORFLOW_VERSION = '2.9.1';\nmodule.exports = {};");
    expect(version).toBe('2.9.1');
    const links = Object.fromEntries(libraryLinks(version).map(({ link, target }) => [link, target]));
    expect(links).toEqual({
      'libtensorflow.so': 'libtensorflow_cc.so.2',
      'libtensorflow.so.2': 'libtensorflow_cc.so.2',
      'libtensorflow.so.2.9.1': 'libtensorflow_cc.so.2',
      'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
      'libtensorflow_framework.so.2.9.1': 'libtensorflow_framework.so.2',
    });
    expect(() => libtensorflowVersionOf('module.exports = {};')).toThrow(/names no LIBTENSORFLOW_VERSION/);
  });
});
