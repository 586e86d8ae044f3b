import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { locale } from './lib/i18n/index.svelte';
import { install } from './lib/keyboard';

document.documentElement.lang = locale.lang;
// Keyboard shortcuts and validation messages in the app's language, on every page.
install();
const app = mount(App, { target: document.getElementById('app')! });

export default app;
