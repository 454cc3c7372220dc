// What `npm run setup:native` installs, as data and pure functions (setup/native.ts does the work).
//
// tfjs-node's own install script downloads libtensorflow 2.9.1 and a prebuilt addon from a host that is often
// unreachable. The same C library ships inside PyPI's TensorFlow wheels: from TF 2.12 on,
// tensorflow/libtensorflow_cc.so.2 exports the C API (TF_*, TFE_*) and needs no Python, and the wheel carries
// the C headers. The addon then builds from source against those files and Node's own headers.

/** A native variant: its npm package, the wheel that carries its libtensorflow, and what the wheel is. */
export interface NativeVariant {
  name: 'cpu' | 'gpu';
  /** the npm package, at the version package.json pins among the optional dependencies */
  package: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';
  /** pip requirement of the wheel whose libtensorflow_cc.so.2 is installed */
  wheel: string;
  /** the `extra` whose nvidia-* wheels carry the CUDA libraries (GPU only) */
  cudaExtra?: string;
}

export const NATIVE_VARIANTS: Readonly<Record<NativeVariant['name'], NativeVariant>> = {
  // 2.12.0: the first wheel with a Python-free C API; tfjs-core's own suite passed on it (3,883 specs)
  cpu: { name: 'cpu', package: '@tensorflow/tfjs-node', wheel: 'tensorflow-cpu==2.12.0' },
  // the CUDA build (sm_50–80 kernels and compute_80 PTX); its CUDA 12.2 libraries come from the wheels of [and-cuda]
  gpu: { name: 'gpu', package: '@tensorflow/tfjs-node-gpu', wheel: 'tensorflow==2.15.1', cudaExtra: 'and-cuda' },
};

/** Any wheel tag whose platform is this one: only the shared libraries and headers are used, never Python. */
export const WHEEL_PLATFORM = { platform: 'manylinux2014_x86_64', pythonVersion: '310' } as const;

/** The files taken from the TensorFlow wheel: archive path prefix → path under the package's deps/. */
export const WHEEL_FILES: ReadonlyArray<readonly [string, string]> = [
  ['tensorflow/libtensorflow_cc.so.2', 'lib/libtensorflow_cc.so.2'],
  ['tensorflow/libtensorflow_framework.so.2', 'lib/libtensorflow_framework.so.2'],
  // the C API's headers and the few they include
  ['tensorflow/include/tensorflow/c/', 'include/tensorflow/c/'],
  ['tensorflow/include/tensorflow/core/platform/', 'include/tensorflow/core/platform/'],
  ['tensorflow/include/tensorflow/tsl/', 'include/tensorflow/tsl/'],
  ['tensorflow/include/tsl/', 'include/tsl/'],
];

/**
 * The links under deps/lib that make the wheel's libraries look like the libtensorflow the addon expects:
 * it links -ltensorflow -ltensorflow_framework, and tfjs-node's scripts look for the `.so.<version>` names
 * of the libtensorflow release they would download (scripts/deps-constants.js).
 */
export function libraryLinks(libtensorflowVersion: string): Array<{ link: string; target: string }> {
  const cc = 'libtensorflow_cc.so.2';
  const framework = 'libtensorflow_framework.so.2';
  return [
    { link: 'libtensorflow.so', target: cc },
    { link: 'libtensorflow.so.2', target: cc },
    { link: `libtensorflow.so.${libtensorflowVersion}`, target: cc },
    { link: 'libtensorflow_framework.so', target: framework },
    { link: `libtensorflow_framework.so.${libtensorflowVersion}`, target: framework },
  ];
}

/**
 * The pinned requirements a wheel's METADATA lists for `extra` (e.g. the nvidia-* wheels of
 * tensorflow[and-cuda]): "Requires-Dist: nvidia-cublas-cu12 ==12.2.5.6 ; extra == "and-cuda"" → "nvidia-cublas-cu12==12.2.5.6".
 * Only exact pins are accepted: a range would make the installed CUDA depend on the day of the install.
 */
export function pinnedRequirementsOf(metadata: string, extra: string): string[] {
  const found: string[] = [];
  for (const line of metadata.split(/\r?\n/)) {
    const m = /^Requires-Dist:\s*([A-Za-z0-9._-]+)\s*\(?\s*([^;)]*?)\s*\)?\s*;\s*(.*)$/.exec(line);
    if (m === null) continue;
    const [, name, version, marker] = m as unknown as [string, string, string, string];
    if (!new RegExp(`extra\\s*==\\s*["']${extra.replace(/[-.]/g, '\\$&')}["']`).test(marker)) continue;
    const pin = /^==\s*([0-9][0-9A-Za-z.+]*)$/.exec(version.trim());
    if (pin === null) throw new Error(`${name}: '${version.trim() || '(any version)'}' is not an exact pin (extra ${extra})`);
    found.push(`${name}==${pin[1]}`);
  }
  return found;
}
