module.exports = {
  displayName: 'async-cache',
  preset: '../../jest.preset.js',
};
