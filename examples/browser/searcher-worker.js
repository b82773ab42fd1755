// The searcher thread for the page (algorithms §6.12): a classic Web Worker in which the GP
// searcher prepares the next configuration while trials train.
importScripts("../../dist/hyperwasm.iife.js");
hyperwasm.serveWebSearcher();
