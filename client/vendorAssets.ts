// A Vite plugin that serves vendored browser assets from our own origin: the legacy MediaPipe
// solutions (face detection, selfie segmentation) under /vendor/mediapipe/<pkg>/<file>, and
// ffmpeg.wasm (its worker and the single-thread core) under /vendor/ffmpeg/<part>/<file>. Streamed
// from node_modules by the dev server, and copied into the build output (dist/vendor/...) on
// `vite build`. No CDN, ever: masking and upload compression must work offline and under the app's
// CSP (script-src 'self' 'wasm-unsafe-eval', worker-src 'self').
//
// The face detection glue (emscripten embind) compiles functions from strings, which a CSP without
// 'unsafe-eval' refuses. We rewrite those spots to eval-free equivalents when serving/copying the
// file, and fail loudly if any eval is left (e.g. after a package upgrade changes the code).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** URL prefix (below Vite's base) under which the vendored MediaPipe files are served. */
export const VENDOR_URL_PREFIX = 'vendor/mediapipe/';
/** URL prefix (below Vite's base) under which the vendored ffmpeg.wasm files are served. */
export const FFMPEG_URL_PREFIX = 'vendor/ffmpeg/';

export interface VendorPackage {
  /** npm package name, e.g. @mediapipe/face_detection. */
  name: string;
  /** Directory name under the prefix (/vendor/mediapipe/ unless `prefix` says otherwise). */
  dir: string;
  /** The files the browser loads at run time (the 'short' face model only). */
  files: readonly string[];
  /** URL prefix below base; VENDOR_URL_PREFIX when absent. */
  prefix?: string;
  /** Where the files are inside the package, e.g. dist/esm; the package root when absent. */
  subdir?: string;
}

export const MEDIAPIPE_PACKAGES: readonly VendorPackage[] = [
  {
    name: '@mediapipe/face_detection',
    dir: 'face_detection',
    files: [
      'face_detection.js',
      'face_detection_short.binarypb',
      'face_detection_short_range.tflite',
      'face_detection_solution_simd_wasm_bin.js',
      'face_detection_solution_simd_wasm_bin.wasm',
      'face_detection_solution_simd_wasm_bin.data',
      'face_detection_solution_wasm_bin.js',
      'face_detection_solution_wasm_bin.wasm',
    ],
  },
  {
    name: '@mediapipe/selfie_segmentation',
    dir: 'selfie_segmentation',
    files: [
      'selfie_segmentation.js',
      'selfie_segmentation.binarypb',
      'selfie_segmentation.tflite',
      'selfie_segmentation_landscape.tflite',
      'selfie_segmentation_solution_simd_wasm_bin.js',
      'selfie_segmentation_solution_simd_wasm_bin.wasm',
      'selfie_segmentation_solution_simd_wasm_bin.data',
      'selfie_segmentation_solution_wasm_bin.js',
      'selfie_segmentation_solution_wasm_bin.wasm',
    ],
  },
];

/**
 * ffmpeg.wasm for compressing uploads on the device (client/src/messages/compress/). The page loads
 * @ffmpeg/ffmpeg's class from the bundle, but its module worker is started from these vendored
 * files (classWorkerURL) so dev and production load the same worker from /vendor/ffmpeg/ffmpeg/,
 * with the two modules it imports. The worker then imports the single-thread core's ESM build
 * (the UMD build cannot be imported by a module worker) and compiles its wasm.
 */
export const FFMPEG_PACKAGES: readonly VendorPackage[] = [
  { name: '@ffmpeg/ffmpeg', prefix: FFMPEG_URL_PREFIX, dir: 'ffmpeg', subdir: 'dist/esm', files: ['worker.js', 'const.js', 'errors.js'] },
  { name: '@ffmpeg/core', prefix: FFMPEG_URL_PREFIX, dir: 'core', subdir: 'dist/esm', files: ['ffmpeg-core.js', 'ffmpeg-core.wasm'] },
];

/** Every package the plugin serves by default. */
export const VENDOR_PACKAGES: readonly VendorPackage[] = [...MEDIAPIPE_PACKAGES, ...FFMPEG_PACKAGES];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.binarypb': 'application/octet-stream',
  '.data': 'application/octet-stream',
};

/**
 * The face detection glue's embind code compiles small functions from strings (`new Function`),
 * which a CSP without 'unsafe-eval' refuses. Each entry replaces one such spot, exactly as the
 * package ships it, with an equivalent closure (the shape emscripten itself emits when built with
 * DYNAMIC_EXECUTION=0). Selfie segmentation's glue needs none of this.
 */
const EVAL_FREE_REWRITES: readonly { find: string; replace: string }[] = [
  {
    // createNamedFunction: a computed property name names the function without eval.
    find: 'return new Function("body","return function "+name+"() {\\n"+\'    "use strict";\'+"    return body.apply(this, arguments);\\n"+"};\\n")(body)',
    replace: 'return{[name]:function(){"use strict";return body.apply(this,arguments)}}[name]',
  },
  {
    // craftInvokerFunction: wire the arguments, call into wasm, run destructors, unwire the result.
    find: 'var invokerFunction=new_(Function,args1).apply(null,args2);return invokerFunction',
    replace: [
      'return function(){var n=argCount-2;if(arguments.length!==n){throwBindingError("function "+humanName+" called with "+arguments.length+" arguments, expected "+n+" args!")}',
      'var destructors=needsDestructorStack?[]:null;var thisWired;var wired=[];var callArgs=[cppTargetFunc];',
      'if(isClassMethodFunc){thisWired=argTypes[1].toWireType(destructors,this);callArgs.push(thisWired)}',
      'for(var k=0;k<n;++k){wired[k]=argTypes[k+2].toWireType(destructors,arguments[k]);callArgs.push(wired[k])}',
      'var rv=cppInvokerFunc.apply(null,callArgs);',
      'if(needsDestructorStack){runDestructors(destructors)}else{for(var j=isClassMethodFunc?1:2;j<argTypes.length;++j){',
      'var param=j===1?thisWired:wired[j-2];if(argTypes[j].destructorFunction!==null){argTypes[j].destructorFunction(param)}}}',
      'if(returns){return argTypes[0].fromWireType(rv)}}',
    ].join(''),
  },
  {
    // __emval_get_method_caller: read the packed arguments, call the JS method, convert the result.
    find: 'params.push(functionBody);var invokerFunction=new_(Function,params).apply(null,args);',
    replace: [
      'var invokerFunction=function(handle,name,destructors,argsPtr){var offset=0;var values=[];',
      'for(var k=0;k<argCount-1;++k){values.push(types[k+1].readValueFromPointer(argsPtr+offset));offset+=types[k+1]["argPackAdvance"]}',
      'var rv=handle[name].apply(handle,values);',
      'for(var k=0;k<argCount-1;++k){if(types[k+1]["deleteObject"]){types[k+1].deleteObject(values[k])}}',
      'if(!retType.isVoid){return retType.toWireType(destructors,rv)}};',
    ].join(''),
  },
];

/** Rewrites a glue script's eval uses; other files pass through unchanged. Throws if any eval remains. */
export function makeCspSafe(file: string, content: Buffer): Buffer {
  if (!file.endsWith('_wasm_bin.js')) return content;
  let text = content.toString('utf8');
  for (const { find, replace } of EVAL_FREE_REWRITES) text = text.split(find).join(replace);
  if (/new Function\(|new_\(Function|[^\w.]eval\(/.test(text)) {
    throw new Error(`vendorAssets: ${file} still uses eval after the CSP rewrite; update client/vendorAssets.ts`);
  }
  return Buffer.from(text, 'utf8');
}

/**
 * The package's directory in node_modules: found by resolving its package.json, or, for a package
 * whose "exports" hide package.json (@ffmpeg/core), by looking in each node_modules Node would search.
 */
export function packageDir(name: string, fromDir: string): string {
  const require = createRequire(path.join(fromDir, 'package.json'));
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw err;
    for (const modules of require.resolve.paths(name) ?? []) {
      const dir = path.join(modules, name);
      if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    }
    throw err;
  }
}

export interface VendorFile {
  /** Path below the output dir / base URL, e.g. vendor/mediapipe/face_detection/face_detection.js. */
  urlPath: string;
  /** Absolute path of the source file in node_modules. */
  source: string;
  name: string;
}

/** Every file the plugin serves, keyed by its URL path below base. */
export function vendorFiles(fromDir: string, packages: readonly VendorPackage[] = VENDOR_PACKAGES): Map<string, VendorFile> {
  const files = new Map<string, VendorFile>();
  for (const pkg of packages) {
    const dir = path.join(packageDir(pkg.name, fromDir), pkg.subdir ?? '');
    for (const name of pkg.files) {
      const urlPath = `${pkg.prefix ?? VENDOR_URL_PREFIX}${pkg.dir}/${name}`;
      files.set(urlPath, { urlPath, source: path.join(dir, name), name });
    }
  }
  return files;
}

/** Reads one vendored file as it is served (CSP-safe rewrite applied). */
export function readVendorFile(file: VendorFile): Buffer {
  return makeCspSafe(file.name, fs.readFileSync(file.source));
}

/** The plugin: add it to client/vite.config.ts `plugins`. */
export function vendorAssets(options: { packages?: readonly VendorPackage[] } = {}): Plugin {
  let files = new Map<string, VendorFile>();
  let base = '/';
  return {
    name: 'common-ground:vendor-assets',
    configResolved(config) {
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      files = vendorFiles(config.root, options.packages);
      for (const file of files.values()) {
        if (!fs.existsSync(file.source)) throw new Error(`vendorAssets: missing ${file.source}`);
      }
    },
    configureServer(server) {
      const cache = new Map<string, Buffer>();
      server.middlewares.use((req, res, next) => {
        const pathname = (req.url ?? '').split('?')[0] ?? '';
        if (!pathname.startsWith(base)) return next();
        const file = files.get(decodeURIComponent(pathname.slice(base.length)));
        if (!file) return next();
        let body = cache.get(file.urlPath);
        if (!body) {
          body = readVendorFile(file);
          cache.set(file.urlPath, body);
        }
        res.statusCode = 200;
        res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file.name)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', String(body.length));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    },
    generateBundle() {
      for (const file of files.values()) {
        this.emitFile({ type: 'asset', fileName: file.urlPath, source: readVendorFile(file) });
      }
    },
  };
}
