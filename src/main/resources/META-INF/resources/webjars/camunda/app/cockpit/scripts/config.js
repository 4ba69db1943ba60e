// Overrides the stock config.js of the Camunda 7.24 webapp jar (same path, our classes come first on the classpath).
// Chinese first: a browser asking for another language than English gets zh-CN, the fallback.
export default {
  app: {
    name: '运维监控',
    vendor: 'Camunda'
  },
  locales: {
    availableLocales: ['zh-CN', 'en'],
    fallbackLocale: 'zh-CN'
  }
};
