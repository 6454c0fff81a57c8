module.exports = {
  displayName: 'user-tools',
  preset: '../../jest.preset.js',
};
