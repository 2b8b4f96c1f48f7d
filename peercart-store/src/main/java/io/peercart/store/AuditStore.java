package io.peercart.store;

import io.peercart.store.audit.AuditEntry;
import io.peercart.store.audit.AuditFilter;
import io.peercart.store.engine.Page;

/**
 * The audit log of merchant writes (docs/security.md, "Audit log"). The store's merchant writes take
 * an {@link io.peercart.store.audit.Actor} and record their entry in their own transaction; this
 * reads them back.
 */
public interface AuditStore {
    /** The shop's entries that pass {@code filter}, newest first; {@code cursor} is the previous page's {@code nextCursor}. */
    Page<AuditEntry> audit(String shopId, AuditFilter filter, String cursor, int limit);
}
