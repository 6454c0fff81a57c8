// Public API of @reco/ml: TensorFlow.js runtime and model artifact (de)serialisation.
export * as tf from '@tensorflow/tfjs-core';
export { initTensorFlow, tensorflowBackend, type BackendName, type TensorFlowRuntimeOptions } from './tf-runtime';
export { registerKernelFixes } from './kernel-fixes';
export { invertSpd } from './spd-inverse';
export { encodeArtifacts, decodeArtifacts, saveModelArtifacts, type ModelArtifacts, type ModelMetadata, type NamedArrays } from './model-artifacts';
