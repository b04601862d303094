// SPDX-License-Identifier: Apache-2.0
// NpuRtl<Model, BusBits>: the Verilated npu_core (verilated with --sc --pins-bv 2, so every
// multi-bit port is an sc_bv) behind the same sockets as the functional model:
//  - `csr`, a TLM target: each 32-bit b_transport becomes one AXI4-Lite transaction on the
//    core's register port (pins driven at the falling edge, sampled a quarter cycle
//    later, so the core sees them stable at the rising edge);
//  - `memory`, a TLM initiator: the core's AXI4 master is answered by an AXI4 slave that
//    turns each burst into one b_transport (an error response becomes SLVERR or DECERR
//    on every beat); data comes `latency` cycles after the address (or after the last
//    W beat for the write response), as in the C++ testbench's AXI memory.
// The clock runs freely; reset is held for four cycles at the start.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <deque>
#include <vector>

#include "transact.hpp"

namespace npu::vp {

// Bytes of an sc_bv (byte 0 = bits 7:0) and back.
template <int W>
void bv_to_bytes(const sc_dt::sc_bv<W>& v, uint8_t* out) {
  for (int i = 0; i < W / 8; ++i) out[i] = static_cast<uint8_t>(v.range(8 * i + 7, 8 * i).to_uint());
}
template <int W>
sc_dt::sc_bv<W> bytes_to_bv(const uint8_t* in) {
  sc_dt::sc_bv<W> v;
  for (int i = 0; i < W / 8; ++i) v.range(8 * i + 7, 8 * i) = in[i];
  return v;
}

template <class Model, int BusBits>
class NpuRtl : public sc_core::sc_module {
  static constexpr int kBusBytes = BusBits / 8;
  static constexpr unsigned kLiteTimeout = 1000;  // cycles an AXI4-Lite handshake may take
  static constexpr std::size_t kMaxOutstanding = 16;

 public:
  tlm_utils::simple_target_socket<NpuRtl> csr;
  tlm_utils::simple_initiator_socket<NpuRtl> memory;
  sc_core::sc_out<bool> irq;

  NpuRtl(sc_core::sc_module_name name, sc_core::sc_time clock, unsigned latency)
      : sc_module(name), csr("csr"), memory("memory"), irq("irq"), clk_("clk", clock), period_(clock),
        latency_(latency), core_("core") {
    csr.register_b_transport(this, &NpuRtl::b_transport);
    bind_core();
    SC_HAS_PROCESS(NpuRtl);
    SC_THREAD(reset_thread);
    SC_THREAD(axi_slave_thread);
    SC_METHOD(forward_irq);
    sensitive << irq_o_;
    dont_initialize();
  }

  Model& core() { return core_; }
  uint64_t cycle() const { return cycle_; }

 private:
  struct ReadBurst {
    unsigned id, beats, beat = 0;
    uint64_t ready;
    unsigned resp;
    std::vector<uint8_t> data;
  };
  struct WriteBurst {
    uint64_t addr;
    unsigned id, beats;
  };
  struct WriteBeat {
    std::vector<uint8_t> data;
    unsigned strb;
  };
  struct Response {
    unsigned id, resp;
    uint64_t ready;
  };

  void bind_core() {
    core_.clk_i(clk_);
    core_.rst_ni(rst_n_);
    core_.s_aw_valid_i(s_aw_valid_); core_.s_aw_ready_o(s_aw_ready_); core_.s_aw_addr_i(s_aw_addr_);
    core_.s_w_valid_i(s_w_valid_); core_.s_w_ready_o(s_w_ready_); core_.s_w_data_i(s_w_data_);
    core_.s_w_strb_i(s_w_strb_);
    core_.s_b_valid_o(s_b_valid_); core_.s_b_ready_i(s_b_ready_); core_.s_b_resp_o(s_b_resp_);
    core_.s_ar_valid_i(s_ar_valid_); core_.s_ar_ready_o(s_ar_ready_); core_.s_ar_addr_i(s_ar_addr_);
    core_.s_r_valid_o(s_r_valid_); core_.s_r_ready_i(s_r_ready_); core_.s_r_data_o(s_r_data_);
    core_.s_r_resp_o(s_r_resp_);
    core_.axi_ar_valid_o(ar_valid_); core_.axi_ar_ready_i(ar_ready_); core_.axi_ar_addr_o(ar_addr_);
    core_.axi_ar_id_o(ar_id_); core_.axi_ar_len_o(ar_len_); core_.axi_ar_size_o(ar_size_);
    core_.axi_ar_burst_o(ar_burst_);
    core_.axi_r_valid_i(r_valid_); core_.axi_r_ready_o(r_ready_); core_.axi_r_id_i(r_id_);
    core_.axi_r_data_i(r_data_); core_.axi_r_resp_i(r_resp_); core_.axi_r_last_i(r_last_);
    core_.axi_aw_valid_o(aw_valid_); core_.axi_aw_ready_i(aw_ready_); core_.axi_aw_addr_o(aw_addr_);
    core_.axi_aw_id_o(aw_id_); core_.axi_aw_len_o(aw_len_); core_.axi_aw_size_o(aw_size_);
    core_.axi_aw_burst_o(aw_burst_);
    core_.axi_w_valid_o(w_valid_); core_.axi_w_ready_i(w_ready_); core_.axi_w_data_o(w_data_);
    core_.axi_w_strb_o(w_strb_); core_.axi_w_last_o(w_last_);
    core_.axi_b_valid_i(b_valid_); core_.axi_b_ready_o(b_ready_); core_.axi_b_id_i(b_id_);
    core_.axi_b_resp_i(b_resp_);
    core_.irq_o(irq_o_);
    core_.ext_start_i(ext_start_); core_.ext_prog_base_i(ext_prog_base_); core_.ext_prog_len_i(ext_prog_len_);
    core_.busy_o(busy_o_); core_.done_o(done_o_); core_.error_o(error_o_);
  }

  void forward_irq() { irq.write(irq_o_.read()); }

  void reset_thread() {
    rst_n_.write(false);
    for (int i = 0; i < 4; ++i) wait(clk_.negedge_event());
    rst_n_.write(true);
    out_of_reset_ = true;
    reset_done_.notify();
  }

  // Pins are driven at the falling edge and sampled a quarter cycle later.
  void settle() { wait(period_ / 4.0); }

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    wait(delay);  // catch up with the initiator's local time before touching pins
    delay = sc_core::SC_ZERO_TIME;
    if (!out_of_reset_) wait(reset_done_);
    const uint64_t addr = trans.get_address();
    if (trans.get_data_length() != 4 || addr % 4 || addr >= 256 || trans.get_byte_enable_ptr()) {
      trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      return;
    }
    uint8_t* d = trans.get_data_ptr();
    unsigned resp = 2;  // SLVERR unless the core answers
    wait(clk_.negedge_event());
    if (trans.is_write()) {
      s_aw_addr_.write(static_cast<unsigned>(addr));
      s_w_data_.write(uint32_t{d[0]} | uint32_t{d[1]} << 8 | uint32_t{d[2]} << 16 | uint32_t{d[3]} << 24);
      s_w_strb_.write(0xF);
      s_aw_valid_.write(true);
      s_w_valid_.write(true);
      bool aw = false, w = false;
      for (unsigned t = 0; t < kLiteTimeout && !(aw && w); ++t) {
        settle();
        const bool aw_fire = !aw && s_aw_ready_.read(), w_fire = !w && s_w_ready_.read();
        wait(clk_.negedge_event());
        if (aw_fire) aw = true, s_aw_valid_.write(false);
        if (w_fire) w = true, s_w_valid_.write(false);
      }
      s_aw_valid_.write(false);
      s_w_valid_.write(false);
      if (aw && w) resp = wait_response(s_b_ready_, s_b_valid_, [&] { return s_b_resp_.read().to_uint(); });
    } else {
      s_ar_addr_.write(static_cast<unsigned>(addr));
      s_ar_valid_.write(true);
      bool ar = false;
      for (unsigned t = 0; t < kLiteTimeout && !ar; ++t) {
        settle();
        ar = s_ar_ready_.read();
        wait(clk_.negedge_event());
      }
      s_ar_valid_.write(false);
      uint32_t v = 0;
      if (ar)
        resp = wait_response(s_r_ready_, s_r_valid_, [&] {
          v = s_r_data_.read().to_uint();
          return s_r_resp_.read().to_uint();
        });
      for (unsigned i = 0; i < 4; ++i) d[i] = static_cast<uint8_t>(v >> (8 * i));
    }
    trans.set_response_status(resp == 0 ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
  }

  // Raises ready, waits for valid, takes the response; 2 (SLVERR) if none comes.
  template <class Take>
  unsigned wait_response(sc_core::sc_signal<bool>& ready, sc_core::sc_signal<bool>& valid, Take take) {
    ready.write(true);
    unsigned resp = 2;
    for (unsigned t = 0; t < kLiteTimeout; ++t) {
      settle();
      if (valid.read()) {
        resp = take();
        wait(clk_.negedge_event());
        break;
      }
      wait(clk_.negedge_event());
    }
    ready.write(false);
    return resp;
  }

  // One b_transport for a whole burst; returns the AXI response.
  unsigned transfer(tlm::tlm_command cmd, uint64_t addr, std::vector<uint8_t>& data,
                    std::vector<uint8_t>* enables = nullptr) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;  // time is the latency parameter's
    const auto status = transact(memory, cmd, addr, data.data(), static_cast<unsigned>(data.size()), delay,
                                 enables ? enables->data() : nullptr);
    if (status == tlm::TLM_OK_RESPONSE) return 0;
    return status == tlm::TLM_ADDRESS_ERROR_RESPONSE ? 3 : 2;  // DECERR : SLVERR
  }

  void axi_slave_thread() {
    std::deque<ReadBurst> reads;
    std::deque<WriteBurst> aws;
    std::deque<WriteBeat> ws;
    std::deque<Response> bs;
    for (;;) {
      wait(clk_.negedge_event());
      ++cycle_;
      // Drive this cycle's outputs from the state alone.
      const bool r_ok = !reads.empty() && cycle_ >= reads.front().ready;
      r_valid_.write(r_ok);
      if (r_ok) {
        const ReadBurst& rb = reads.front();
        r_data_.write(bytes_to_bv<BusBits>(rb.data.data() + std::size_t{rb.beat} * kBusBytes));
        r_id_.write(rb.id);
        r_resp_.write(rb.resp);
        r_last_.write(rb.beat + 1 == rb.beats);
      }
      const bool b_ok = !bs.empty() && cycle_ >= bs.front().ready;
      b_valid_.write(b_ok);
      if (b_ok) {
        b_id_.write(bs.front().id);
        b_resp_.write(bs.front().resp);
      }
      ar_ready_.write(reads.size() < kMaxOutstanding);
      aw_ready_.write(aws.size() < kMaxOutstanding);
      w_ready_.write(ws.size() < 256 * kMaxOutstanding);
      settle();
      // What fires at the coming rising edge.
      if (ar_valid_.read() && reads.size() < kMaxOutstanding) {
        ReadBurst rb;
        rb.id = ar_id_.read().to_uint();
        rb.beats = ar_len_.read().to_uint() + 1;
        rb.ready = cycle_ + latency_ + 1;
        rb.data.resize(std::size_t{rb.beats} * kBusBytes);
        rb.resp = transfer(tlm::TLM_READ_COMMAND, ar_addr_.read().to_uint64() / kBusBytes * kBusBytes, rb.data);
        reads.push_back(std::move(rb));
      }
      if (r_ok && r_ready_.read() && ++reads.front().beat == reads.front().beats) reads.pop_front();
      if (aw_valid_.read() && aws.size() < kMaxOutstanding)
        aws.push_back({aw_addr_.read().to_uint64() / kBusBytes * kBusBytes, static_cast<unsigned>(aw_id_.read().to_uint()),
                       static_cast<unsigned>(aw_len_.read().to_uint() + 1)});
      if (w_valid_.read() && ws.size() < 256 * kMaxOutstanding) {
        WriteBeat wb{std::vector<uint8_t>(kBusBytes), 0};
        bv_to_bytes<BusBits>(w_data_.read(), wb.data.data());
        wb.strb = 0;
        const auto strb = w_strb_.read();
        for (int i = 0; i < kBusBytes; ++i) wb.strb |= strb[i].to_bool() ? 1u << i : 0u;
        ws.push_back(std::move(wb));
      }
      if (b_ok && b_ready_.read()) bs.pop_front();
      // A write burst whose beats are all here goes to memory in one transaction.
      while (!aws.empty() && ws.size() >= aws.front().beats) {
        const WriteBurst wb = aws.front();
        aws.pop_front();
        std::vector<uint8_t> data(std::size_t{wb.beats} * kBusBytes), enables(data.size());
        for (unsigned b = 0; b < wb.beats; ++b) {
          for (int i = 0; i < kBusBytes; ++i) {
            data[b * kBusBytes + i] = ws.front().data[i];
            enables[b * kBusBytes + i] = (ws.front().strb >> i) & 1u ? TLM_BYTE_ENABLED : TLM_BYTE_DISABLED;
          }
          ws.pop_front();
        }
        bs.push_back({wb.id, transfer(tlm::TLM_WRITE_COMMAND, wb.addr, data, &enables), cycle_ + latency_ + 1});
      }
    }
  }

  sc_core::sc_clock clk_;
  sc_core::sc_time period_;
  unsigned latency_;
  uint64_t cycle_ = 0;
  bool out_of_reset_ = false;
  sc_core::sc_event reset_done_;
  Model core_;

  sc_core::sc_signal<bool> rst_n_{"rst_n"};
  sc_core::sc_signal<bool> s_aw_valid_, s_aw_ready_, s_w_valid_, s_w_ready_, s_b_valid_, s_b_ready_;
  sc_core::sc_signal<bool> s_ar_valid_, s_ar_ready_, s_r_valid_, s_r_ready_;
  sc_core::sc_signal<sc_dt::sc_bv<8>> s_aw_addr_, s_ar_addr_;
  sc_core::sc_signal<sc_dt::sc_bv<32>> s_w_data_, s_r_data_;
  sc_core::sc_signal<sc_dt::sc_bv<4>> s_w_strb_;
  sc_core::sc_signal<sc_dt::sc_bv<2>> s_b_resp_, s_r_resp_;
  sc_core::sc_signal<bool> ar_valid_, ar_ready_, r_valid_, r_ready_, r_last_;
  sc_core::sc_signal<bool> aw_valid_, aw_ready_, w_valid_, w_ready_, w_last_, b_valid_, b_ready_;
  sc_core::sc_signal<sc_dt::sc_bv<32>> ar_addr_, aw_addr_;
  sc_core::sc_signal<sc_dt::sc_bv<4>> ar_id_, r_id_, aw_id_, b_id_;
  sc_core::sc_signal<sc_dt::sc_bv<8>> ar_len_, aw_len_;
  sc_core::sc_signal<sc_dt::sc_bv<3>> ar_size_, aw_size_;
  sc_core::sc_signal<sc_dt::sc_bv<2>> ar_burst_, aw_burst_, r_resp_, b_resp_;
  sc_core::sc_signal<sc_dt::sc_bv<BusBits>> r_data_, w_data_;
  sc_core::sc_signal<sc_dt::sc_bv<kBusBytes>> w_strb_;
  sc_core::sc_signal<bool> irq_o_, ext_start_, busy_o_, done_o_, error_o_;
  sc_core::sc_signal<sc_dt::sc_bv<32>> ext_prog_base_, ext_prog_len_;
};

}  // namespace npu::vp
