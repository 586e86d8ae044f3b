import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { locale } from './lib/i18n/index.svelte';

document.documentElement.lang = locale.lang;
const app = mount(App, { target: document.getElementById('app')! });

export default app;
