// Every test module, in one place for both runners.
import './expressions.test.js';
import './binding.test.js';
import './markdown.test.js';
import './calendar.test.js';
import './render.test.js';
