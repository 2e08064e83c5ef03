#pragma once

// kiosk-hub's signed-code commands (issue 14): the event's public keys (`keys add|list|remove`) and the
// revocation list (`revoke SERIAL…`, `revoke --file FILE` for the revoked-serials.txt `kioskctl
// invitations` writes). Kiosks pull both at every sync (GET /api/v1/codes). Each returns kiosk-hub's exit
// code: 0 done, 1 refused or not held, 2 bad input.

#include "sync/hub/hub_store.hpp"

#include <string>
#include <vector>

namespace checkin::sync {

int hub_keys_add(HubStore& store, const std::string& public_key);
int hub_keys_list(HubStore& store);
int hub_keys_remove(HubStore& store, const std::string& public_key);
// The serials given, and those in `file` (one a line; blank lines and # comments skipped) when not empty.
int hub_revoke(HubStore& store, std::vector<std::string> serials, const std::string& file);

} // namespace checkin::sync
