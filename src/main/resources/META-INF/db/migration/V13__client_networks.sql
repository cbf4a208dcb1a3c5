-- The network each audit event's client counts in (platform.control.ClientAddress#network):
-- the IPv4 address itself, or an IPv6 address's warden.client-ipv6-prefix network such as
-- 2001:db8:1:2::/64. The failed-logins-from-address alert counts by it, so that a client
-- holding a whole IPv6 /64 cannot stay under the alert by failing from a new address each
-- time. Events written before this version have none: for the ten minutes after the
-- upgrade the alert counts only the failures since.
-- Its index: PostgreSQL's is partial (V13_1, failed logins only), H2's plain (h2/V13_1).
ALTER TABLE audit_events ADD COLUMN ip_network VARCHAR(64);
