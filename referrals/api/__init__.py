"""The referral API for integrations (/api/v1/)."""
