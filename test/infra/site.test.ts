/**
 * The synthesized site's suites, on one synthesis (site-template.ts `sharedSite`): each suite file
 * reads the template the first one made, instead of paying for a synthesis of its own.
 */
import './site-stack.suite.js';
import './site-wiring.suite.js';
import './least-privilege.suite.js';
import './board.suite.js';
