package io.peercart.bench;

/** What a measured phase sends and which answers it counts. */
enum PhaseKind {
    /** {@code GET /health}; counts 200 answers. */
    HEALTH("health", "GET /health", "200"),
    /** Order posts, each buyer once, until sold out, buyers exhausted or time; counts 201. */
    ACCEPT("accepted", "POST orders (201)", "201"),
    /** Order posts by buyers who have not bought, cycled, after sold out; counts 409 SOLD_OUT. */
    SOLD_OUT("sold-out", "POST orders (409)", "409 SOLD_OUT");

    final String label;
    final String description;
    /** The answer key (status, then problem code if any) that this phase counts. */
    final String countedAnswer;

    PhaseKind(String label, String description, String countedAnswer) {
        this.label = label;
        this.description = description;
        this.countedAnswer = countedAnswer;
    }

    boolean sendsOrders() {
        return this != HEALTH;
    }
}
