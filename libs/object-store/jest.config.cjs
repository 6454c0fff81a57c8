module.exports = {
  displayName: 'object-store',
  preset: '../../jest.preset.js',
};
