module.exports = {
  displayName: 'recommendation-tools',
  preset: '../../jest.preset.js',
};
