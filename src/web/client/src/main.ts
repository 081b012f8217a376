import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { createApp } from 'vue';
import App from './App.vue';
import './app.css';
import { router } from './router';

createApp(App).use(router).mount('#app');
