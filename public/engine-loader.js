// Loads the engine worker's wasm. Unlike a bare loader, a failed load is reported to the page
// as the engine's own `crashed` event (an unhandled rejection in a worker would be silent).
importScripts('./ml-intro-worker.js');
wasm_bindgen({ module_or_path: './ml-intro-worker_bg.wasm' }).catch((error) => {
  postMessage(JSON.stringify({ type: 'crashed', message: `the engine could not be loaded (${error})` }));
});
