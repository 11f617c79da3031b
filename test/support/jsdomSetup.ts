import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// findBy… and waitFor wait up to 10 s, not 1 s: a loaded 2-core machine can take that long to render a page
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());
