// SPDX-License-Identifier: Apache-2.0
#include "router.hpp"

#include <stdexcept>

namespace npu::vp {

Router::Router(sc_core::sc_module_name name) : sc_module(name), targets_in("targets_in"), to_targets("to_targets") {
  targets_in.register_b_transport(this, &Router::b_transport);
  targets_in.register_transport_dbg(this, &Router::transport_dbg);
}

void Router::map(uint64_t base, uint64_t size, unsigned port, std::string what) {
  for (const Entry& e : map_)
    if (base < e.base + e.size && e.base < base + size)
      throw std::invalid_argument("router: " + what + " overlaps " + e.what);
  map_.push_back({base, size, port, std::move(what)});
}

const Router::Entry* Router::decode(uint64_t addr, uint64_t len) const {
  for (const Entry& e : map_)
    if (addr >= e.base && addr - e.base < e.size) return len <= e.size - (addr - e.base) ? &e : nullptr;
  return nullptr;
}

void Router::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t addr = trans.get_address();
  const Entry* e = decode(addr, trans.get_data_length());
  if (!e) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  trans.set_address(addr - e->base);
  to_targets[e->port]->b_transport(trans, delay);
  trans.set_address(addr);
}

unsigned Router::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  const Entry* e = decode(addr, trans.get_data_length());
  if (!e) return 0;
  trans.set_address(addr - e->base);
  const unsigned n = to_targets[e->port]->transport_dbg(trans);
  trans.set_address(addr);
  return n;
}

}  // namespace npu::vp
