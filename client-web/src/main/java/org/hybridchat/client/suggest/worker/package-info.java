/**
 * The Web Worker that runs the suggestion model, compiled on its own (to worker.wasm and
 * worker-teavm.js, started by js/worker.js), and the messages it exchanges with the page.
 */
package org.hybridchat.client.suggest.worker;
