module.exports = {
  displayName: 'ci',
  preset: '../../jest.preset.js',
};
