// Plain CommonJS task (what a built lib ships): a bare handler function as the default export.
exports.default = async function double(payload) {
  return { doubled: payload.value * 2, execArgv: process.execArgv };
};
