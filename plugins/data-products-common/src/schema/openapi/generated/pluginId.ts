export const pluginId = 'data-products';
