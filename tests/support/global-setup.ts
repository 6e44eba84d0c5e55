import './test-data-key';
import type { TestProject } from 'vitest/node';
import { buildDemoTemplate, type DemoTemplate } from './demo-template';
import { TEST_NOW } from './test-now';

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: DemoTemplate;
  }
}

/** Once per test project: the demo at TEST_NOW, which each test file's database copies. */
export default async function setup(project: TestProject) {
  const built = await buildDemoTemplate(TEST_NOW);
  project.provide('demoTemplate', built.template);
  return () => built.destroy();
}
