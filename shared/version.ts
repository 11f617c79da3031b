// Kept equal to package.json's version by a test.
export const APP_VERSION = '0.1.0';
export const PRODUCT_NAME = '蓝天督办工作台';
