module.exports = {
  displayName: 'search-tools',
  preset: '../../jest.preset.js',
};
