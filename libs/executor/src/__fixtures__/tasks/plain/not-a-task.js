// Exports no task: loading it must fail with BAD_TASK_MODULE.
exports.notATask = 42;
