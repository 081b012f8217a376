import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs';
import { createApp } from 'vue';
import App from './App.vue';
import './app.css';
import { router } from './router';

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app');
