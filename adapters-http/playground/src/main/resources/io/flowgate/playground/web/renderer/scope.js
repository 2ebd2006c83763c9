// Lifetime of what a rendered subtree registered (live bindings, fields, footer): an If branch that flips
// disposes its old scope, so nothing of the hidden branch keeps updating or being validated.

export class Scope {
  #disposers = [];
  #disposed = false;

  /** Runs `dispose` when this scope ends. */
  add(dispose) {
    if (this.#disposed) dispose();
    else this.#disposers.push(dispose);
  }

  /** A scope that ends with this one, or earlier on its own. */
  child() {
    const child = new Scope();
    this.add(() => child.dispose());
    return child;
  }

  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const dispose of this.#disposers.splice(0).reverse()) dispose();
  }
}
