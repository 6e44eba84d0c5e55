// Preloaded (node --require) into a server under test: says which of React's builds each
// process loads, « react-build: production » or « react-build: development ».
const Module = require('node:module');
const load = Module._load;
Module._load = function probe(request, parent, ...rest) {
  const build = /react[\w-]*\.(production|development)\.js$/.exec(request);
  if (build) console.log(`react-build: ${build[1]} (${request})`);
  return load.call(this, request, parent, ...rest);
};
