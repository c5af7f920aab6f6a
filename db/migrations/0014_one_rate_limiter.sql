-- One rate limiter (lib/rate-limit.ts): every limit now keeps its points in rate_limiter_points. Nothing in
-- rate_limits is carried over: its rows were counts inside fixed windows of at most a day (sign-ups, payment
-- starts, requeries, reset and invitation mails), each worthless once its window ends, so at worst a client gets
-- one fresh window's allowance after the upgrade; nothing else ever read them.
DROP TABLE "rate_limits" CASCADE;
