module.exports = {
  displayName: 'base-tools',
  preset: '../../jest.preset.js',
};
