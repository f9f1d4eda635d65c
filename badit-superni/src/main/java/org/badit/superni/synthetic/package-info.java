/**
 * A seeded suite of small synthetic SuperNI tasks for {@code badit demo}: basic-ability tasks to pre-train a tiny
 * base model, and held-out compositions / conflicting pairs to instruct-tune it. Entry point:
 * {@link org.badit.superni.synthetic.SyntheticSuite}; the tasks are described in {@code docs/demo-tasks.md}.
 *
 * <p>May import: {@code org.badit.superni}.
 */
package org.badit.superni.synthetic;
