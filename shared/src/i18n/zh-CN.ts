// 简体中文文本。术语依照国内 TCP 教材（谢希仁《计算机网络》、《TCP/IP详解》中文版、
// 《Linux 高性能服务器编程》）：状态名、标志位名与 RFC 变量名（SND.UNA 等）保留英文。
// “我们”指正在讲解的这一端 TCP，“对端”指连接的另一端。

import type { Catalog, CatalogKey } from "./catalog.ts";

export const zhCN: Catalog = {
  // --- 规则（shared/src/tcp/rules.ts） ----------------------------------------------------
  "rule.closed.segment.reset":
    "没有任何连接或监听套接字与这个报文段对应，我们就回送一个复位报文段（RST）：若该报文段带有 ACK，RST 的序号就取它的确认号；否则 RST 的序号为 0，并确认该报文段。",
  "rule.closed.segment.rst_ignored":
    "收到的 RST 不属于任何现存的连接。RST 永远不会用 RST 来回应，所以直接静默丢弃。",
  "rule.listen.rst.ignored": "监听套接字上还没有可以被复位的连接，所以收到的 RST 直接忽略。",
  "rule.listen.ack.reset":
    "处于 LISTEN 的套接字还没有发送过任何东西，这里不可能有合法的 ACK（多半是旧连接残留的报文段）。我们回送一个 RST，其序号取该报文段的确认号。",
  "rule.listen.syn.syn_ack":
    "SYN 到达监听套接字：我们为它创建一个处于 SYN_RECEIVED 的新连接，记下对端的初始序号，并回送 SYN-ACK——这是三次握手的第二步。",
  "rule.listen.other.dropped":
    "不带 SYN、ACK 或 RST 的报文段（以及同时带有 FIN 的 SYN）对监听套接字没有意义，直接丢弃，不作任何回应。",
  "rule.syn_sent.bad_ack.reset":
    "在 SYN_SENT 中，唯一可接受的 ACK 是对我们 SYN 的确认。这个 ACK 确认的却是我们从未发送过的东西（多半来自旧连接），所以我们回送 RST（它本身是 RST 时则不回应），并继续等待。",
  "rule.syn_sent.rst.refused":
    "对端的 RST 确认了我们的 SYN，说明该端口上没有进程在监听：连接被拒绝，连接关闭，connect() 以 ECONNREFUSED 失败。",
  "rule.syn_sent.rst_without_ack.ignored":
    "在 SYN_SENT 中，只有确认了我们 SYN 的 RST 才可信；不带 ACK 的 RST 无法证明与我们的 SYN 有关，直接丢弃。",
  "rule.syn_sent.syn_ack.established":
    "SYN-ACK 确认了我们的 SYN，并带来了对端的初始序号：我们进入 ESTABLISHED，并发送完成三次握手的 ACK。",
  "rule.syn_sent.syn.simultaneous_open":
    "我们的 SYN 已经发出，又收到对端不带 ACK 的 SYN：双方同时发起了连接（同时打开）。我们进入 SYN_RECEIVED，再次发送自己的 SYN，这次同时确认对端的 SYN。",
  "rule.syn_sent.no_syn.dropped":
    "没有 SYN 就无从得知对端的初始序号，所以在 SYN_SENT 中，既不带 SYN 也不带 RST 的报文段一律丢弃，继续等待。",
  "rule.syn_received.dup_syn.syn_ack":
    "对端又发来了同一个 SYN：多半是我们的 SYN-ACK 丢失了，所以我们重传 SYN-ACK（受速率限制，短时间内至多重传一次）。",
  "rule.syn_received.bad_ack.reset":
    "在 SYN_RECEIVED 中，ACK 必须确认我们的 SYN。这个 ACK 并没有（它不属于我们的任何一次握手），所以我们回送 RST，继续等待正确的 ACK。",
  "rule.syn_received.rst.back_to_listen":
    "RST 终止了这个半连接（尚未完成三次握手的连接）：这次连接请求被丢弃，监听套接字照常继续监听。监听套接字关闭时，它名下的半连接也会这样消失。",
  "rule.syn_received.syn.reset":
    "在半连接的接收窗口内收到一个初始序号不同的新 SYN：这次握手已经乱了（对端多半重新开始了），所以我们发送 RST 并丢弃这个连接。",
  "rule.syn_received.ack.established":
    "ACK 确认了我们的 SYN：三次握手完成，连接进入 ESTABLISHED，监听的应用程序现在可以用 accept() 取走它。",
  "rule.segment.no_ack.dropped":
    "握手开始之后，每个报文段都必须带 ACK；不带 ACK（也不带 SYN 或 RST）的报文段直接丢弃，不作回应。",
  "rule.segment.unacceptable.ack":
    "这个报文段落在我们的接收窗口之外（旧的重复报文段，或超出了我们通告的窗口），所以丢弃它，并发送一个 ACK，告诉对端我们真正期望的序号。",
  "rule.segment.unacceptable.rate_limited":
    "本应回送一个 ACK，但不久前刚为无效报文段发过一次。这类 ACK 受速率限制，以免被人利用来制造 ACK 洪泛，所以这次保持沉默。",
  "rule.rst.exact.reset":
    "RST 的序号恰好是我们期望的下一个序号（收到对端的 FIN 之后，比它小 1 也算），因此可信：连接立即被复位，应用程序收到错误，通常是 ECONNRESET。",
  "rule.rst.in_window.challenge_ack":
    "RST 落在接收窗口之内，但序号并不恰好是我们期望的下一个序号，可能是攻击者猜测序号伪造的。我们不复位连接，而是发送一个挑战 ACK；如果对端确实已丢失这个连接，它会用序号精确的 RST 来回应。",
  "rule.rst.out_of_window.ignored":
    "接收窗口之外的 RST 要么是旧的，要么是伪造的，直接静默忽略（RST 永远不作回应）。",
  "rule.syn.synchronized.challenge_ack":
    "已同步的连接上又收到 SYN，这很可疑：它可能是伪造的，也可能是对端重启后忘了这个连接（半打开连接）。我们不复位连接，而是回送挑战 ACK；若对端真的重启了，它会回应 RST，连接随之结束。",
  "rule.ack.unsent.challenge_ack":
    "这个 ACK 确认了我们从未发送过的数据，不可信。我们丢弃该报文段，并回送一个 ACK，表明我们真实的序号和确认号。",
  "rule.ack.too_old.challenge_ack":
    "这个 ACK 比我们可能仍在途中的任何数据都旧：早于对端曾经给过我们的最大窗口。真实的对端不会发出这样的 ACK，因此不可信（可能是伪造的）。我们丢弃该报文段，并回送一个 ACK，表明我们真实的序号和确认号。",
  "rule.ack.old.ignored":
    "这个 ACK 比已经确认过的还旧（重复或乱序到达的报文段），没有带来新信息，所以忽略其确认号；但报文段中的数据照常接收。",
  "rule.ack.advances.snd_una":
    "ACK 确认了新的数据：SND.UNA 前移，已确认的字节移出重传队列，重传定时器重新启动（若已无在途数据则停止）。",
  "rule.fin_wait_1.fin_acked.fin_wait_2":
    "对端确认了我们的 FIN：本端的发送方向已关闭，进入 FIN_WAIT_2 等待对端的 FIN。在此之前，对端仍可继续发送数据（半关闭）。",
  "rule.closing.fin_acked.time_wait":
    "在 CLOSING 中双方都已发出 FIN（同时关闭）；现在我们的 FIN 也得到了确认，于是进入 TIME_WAIT，等待 2MSL 后连接才彻底消失。",
  "rule.last_ack.fin_acked.closed":
    "对端确认了我们的 FIN，这是我们等待的最后一个确认：连接关闭并被删除。后关闭的一方不需要经过 TIME_WAIT。",
  "rule.data.in_order.ack":
    "数据恰好从我们期望的下一个序号开始：接收它，RCV.NXT 前移数据的长度，并发送确认。",
  "rule.data.out_of_order.dup_ack":
    "数据的起始序号超过了我们期望的序号，说明前面有数据缺失。我们先把它缓存起来，并立即再次确认缺失的那个序号；这种重复确认会提醒发送方重传。",
  "rule.data.duplicate.ack":
    "这个报文段的内容我们都已收到过（是一次重传，也许因为我们的 ACK 丢了），所以丢弃它，并立即再确认一次。",
  "rule.data.after_close.reset":
    "本端应用程序已经关闭了套接字，这些新数据永远不会有人读取。与其默默收下，不如回送 RST，连接随即关闭。",
  "rule.data.after_fin.reset":
    "这些数据位于对端自己的 FIN 之后：对端已经表示不再发送数据，FIN 之后不可能再有数据。该报文段违反了连接的规则，我们回送 RST，连接被复位。",
  "rule.fin.established.close_wait":
    "对端的 FIN 表示它不再发送数据：我们确认它并进入 CLOSE_WAIT。本端应用程序会读到文件结束（EOF），在关闭自己这一方向之前仍可继续发送数据。",
  "rule.fin.fin_wait_1.closing":
    "对端的 FIN 先于它对我们 FIN 的确认到达：双方正在同时关闭。我们确认它并进入 CLOSING，继续等待对我们 FIN 的确认。",
  "rule.fin.fin_wait_2.time_wait":
    "我们的 FIN 已被确认之后，对端的 FIN 到达：我们确认它并进入 TIME_WAIT，停留 2MSL——万一最后的 ACK 丢失，还能再次确认对端重传的 FIN；同时让旧的重复报文段在网络中消失。",
  "rule.time_wait.fin.re_ack":
    "对端重传了它的 FIN，说明我们对它的 ACK 可能丢失了：我们再确认一次。在 TIME_WAIT 中这还会重启 2MSL 定时器——应对最后一个 ACK 的丢失，正是 TIME_WAIT 存在的意义。",
  "rule.time_wait.rst.killed":
    "序号正确的 RST 会立即结束 TIME_WAIT。Linux 允许这样做，尽管 RFC 1337 警告过这种“TIME_WAIT 暗杀”：旧的重复报文段可能因此混入使用相同端口的新连接。",
  "rule.time_wait.syn.reopen":
    "序号大于旧连接的新 SYN 不可能是旧的重复报文段：如果该端口上有监听套接字，TIME_WAIT 就让位给一个新的连接（同一对端口上的新“化身”）；没有监听套接字时，只回送一个 ACK。",
  "rule.time_wait.segment.ack":
    "在 TIME_WAIT 中，其他任何报文段（旧的重复报文段，或没有监听套接字接收的 SYN）都只用一个 ACK 回应，重申我们最终的序号和确认号；这个连接上不会再有别的事情发生。",
  "rule.fin_wait_2.orphan.data_reset":
    "本端应用程序已关闭套接字，我们只是在等待对端的 FIN。新到的数据已不可能被读取，所以回送 RST 并丢弃连接。",
  "rule.fin_wait_2.orphan.syn_reset":
    "应用已经关闭，我们只在等对端的 FIN，却收到了新的 SYN：这个半死的连接无法重新开始，于是回一个 RST 并删除连接。",
  "rule.segment.nothing_to_send": "这个报文段不需要任何回应：按规则记下它即可，什么也不发送。",
  "rule.reset.received": "收到可接受的 RST：对端复位了连接，我们立即删除连接，不作回应（RST 永远不作回应）。",
  "rule.user.open.active": "connect()：我们选定初始序号，发送 SYN 并进入 SYN_SENT——这是三次握手的第一步。",
  "rule.user.open.passive":
    "listen()：套接字进入 LISTEN，等待 SYN 到来；在客户端发起连接之前不发送任何东西。",
  "rule.user.send.queued":
    "send()：数据先放入发送缓冲区，等连接建立、且对端窗口（以及 Nagle 算法）允许时再发送出去。",
  "rule.user.send.after_shutdown":
    "我们已经发送过 FIN（或连接已不存在），不能再发送数据：send() 以 EPIPE 失败。",
  "rule.user.close.fin":
    "close()：在发送缓冲区剩余的数据之后发送 FIN。从 ESTABLISHED（或 SYN_RECEIVED）进入 FIN_WAIT_1；从对端已先关闭的 CLOSE_WAIT 进入 LAST_ACK。",
  "rule.user.close.unread_data_reset":
    "应用程序关闭套接字时，还有已收到的数据没有读取。这些数据会被悄悄丢掉，所以我们不发 FIN，而是发送 RST，让对端立即知道它的数据没有被处理。",
  "rule.user.close.syn_sent":
    "握手完成之前就关闭：双方尚未同步，所以直接删除连接，不发送任何报文段。（此时调用 shutdown() 同样会终止连接尝试，并报告 ECONNRESET。）",
  "rule.user.close.orphan":
    "应用程序放弃了套接字，但我们的 FIN 已经排队或发出，内核会自行完成关闭过程。处于 FIN_WAIT_2 的孤儿连接等待对端 FIN 的时间不超过 tcp_fin_timeout。",
  "rule.user.shutdown.fin":
    "shutdown(SHUT_WR) 只关闭本端的发送方向（半关闭）：我们发送 FIN，但仍可继续接收，直到对端也关闭。",
  "rule.user.abort.reset":
    "异常终止（SO_LINGER 超时设为 0 后的 close）：我们发送 RST 而不是 FIN，丢弃两个方向上排队的全部数据并立即关闭——不经过四次挥手，也没有 TIME_WAIT。",
  "rule.user.abort.silent":
    "在 SYN_SENT、CLOSING 或 LAST_ACK 中异常终止：与 Linux 一样，直接删除连接而不发送 RST。在 SYN_SENT 中连接尚未建立，对端无可复位；在 CLOSING 和 LAST_ACK 中双方的 FIN 都已发出。",
  "rule.timer.retransmission.resend":
    "重传定时器到期时，最早发出的未确认报文段仍没有得到确认：我们重传该报文段（超时重传），并把 RTO 加倍（指数退避）。",
  "rule.timer.retransmission.give_up":
    "已经重传到允许的最大次数，仍然没有回应：我们放弃，不发送任何报文段就关闭连接，应用程序收到 ETIMEDOUT。",
  "rule.timer.time_wait.closed":
    "TIME_WAIT 已满 2MSL：这个连接的旧报文段都已在网络中消失，连接最终关闭，它的地址和端口可以安全地重新使用。",
  "rule.timer.fin_wait_2.closed":
    "应用程序已关闭套接字，而对端在 tcp_fin_timeout 时间内都没有发来 FIN。Linux 不会无限期地等下去，而是悄悄删除该连接。",
  "rule.timer.keepalive.probe":
    "连接的空闲时间已达到保活时间：我们发送一个保活探测报文段——序号为 SND.UNA-1 的 ACK，对端只要还在，就必须用 ACK 回应。",
  "rule.timer.keepalive.give_up":
    "所有保活探测都没有得到回应：认为对端已经崩溃或不可达，于是发送 RST、关闭连接，并报告 ETIMEDOUT。",
  "rule.ack.dup.fast_retransmit":
    "收到第三个重复的 ACK：对端一再索要同一个序号，说明该报文段很可能已经丢失。我们立即重传它，而不必等重传定时器超时（快速重传）。",

  // --- 常见误解（shared/src/referee/referee.ts） --------------------------------------------
  "misconception.ack_is_peer_seq":
    "确认号应当是你期望收到的下一个序号：对 SYN 或 FIN 是对端的序号加 1，对数据是对端的序号加上数据长度——而不是对端的序号本身。",
  "misconception.ack_ignores_len":
    "确认号还要算上数据：用报文段的序号加上数据长度。只确认到对端的序号，等于要求对端把同样的数据再发一遍。",
  "misconception.fin_without_ack":
    "握手之后的每个报文段都要带 ACK，FIN 也不例外。不带 ACK 标志的 FIN 会被对端丢弃。",
  "misconception.syn_ack_without_syn":
    "回应 SYN 时我们也要发出自己的 SYN：应答是 SYN-ACK，既确认对端的 SYN，又同时送出我们的 SYN。只回一个 ACK，我们这一方向就无法同步。",
  "misconception.seq_not_advanced":
    "我们的序号必须越过已经发送的内容：SYN 和 FIN 各占一个序号，数据按长度占用序号。沿用旧序号，对端会把这个报文段当成重复的。",
  "misconception.closed_not_time_wait":
    "先关闭的一方不会直接进入 CLOSED：确认对端的 FIN 之后，它要在 TIME_WAIT 中等待 2MSL，以防最后这个 ACK 丢失。",
  "misconception.fin_answers_fin":
    "收到 FIN 只需回一个 ACK，而不是立刻发出自己的 FIN。只有本端应用程序也关闭时才发送 FIN，在此之前连接处于半关闭状态——这正是挥手需要四次的原因。",
  "misconception.silence": "TCP 在这里必须发送报文段。保持沉默会让对端一直等待，最终只能重传。",
  "misconception.answer_anyway":
    "并不是每个报文段都需要回应：这里 TCP 保持沉默。回应反而会出错，比如对 RST 作出回应，或确认一个本应忽略的报文段。",
  "misconception.reset_instead":
    "连接本身没有问题，回一个普通的 ACK 就够了。在这里发送 RST 会毁掉一个正常的连接。",
  "misconception.isn_is_zero":
    "初始序号（ISN）不是 0：每个连接都会选一个新的、难以猜测的 ISN（RFC 9293 §3.4）。Wireshark 默认显示的是相对序号，所以看起来像从 0 开始。",
  "misconception.syn_with_ack":
    "连接的第一个 SYN 不带 ACK：此时还没有收到对方的任何数据可以确认。只有对它的回应才是 SYN,ACK。",
  "misconception.state_unchanged":
    "这个事件会改变连接状态，连接不会停留在原来的状态。对照状态转换图，看看它触发了哪一个转换。",

  // --- 状态（shared/src/tcp/state.ts） ----------------------------------------------------
  "state.CLOSED": "CLOSED——没有连接",
  "state.LISTEN": "LISTEN——监听：等待任何远端发来的连接请求（SYN）",
  "state.SYN_SENT": "SYN_SENT——已发送 SYN，等待对端与之匹配的 SYN",
  "state.SYN_RECEIVED": "SYN_RECEIVED——收到 SYN 并已回送 SYN-ACK，等待对端确认我们的 SYN",
  "state.ESTABLISHED": "ESTABLISHED——连接已建立，双方可以互相传送数据",
  "state.FIN_WAIT_1": "FIN_WAIT_1——已发送 FIN，等待对它的确认（或对端的 FIN）",
  "state.FIN_WAIT_2": "FIN_WAIT_2——我们的 FIN 已被确认，等待对端的 FIN",
  "state.CLOSE_WAIT": "CLOSE_WAIT——对端已发来 FIN，等待本端应用程序关闭",
  "state.CLOSING": "CLOSING——双方同时关闭，都已发出 FIN，等待对我们 FIN 的确认",
  "state.LAST_ACK": "LAST_ACK——对端先关闭，我们随后发出了 FIN，等待对它的确认",
  "state.TIME_WAIT": "TIME_WAIT——等待 2MSL，确保对端收到最后的 ACK，并让旧报文段在网络中消失",

  // --- 套接字错误（shared/src/tcp/errors.ts） ---------------------------------------------
  "error.ECONNREFUSED": "连接被拒绝：对端用 RST 回应了我们的 SYN——该端口上没有进程在监听。",
  "error.ECONNRESET":
    "连接被对端复位：对端发送了 RST——它异常终止了连接，或者已经不认识这个连接（例如重启过）。",
  "error.EPIPE": "管道破裂（Broken pipe）：向已不能发送的连接写数据——本端已关闭发送方向，或连接已被复位。",
  "error.ETIMEDOUT": "连接超时：重传（或保活探测）始终得不到回应，TCP 最终放弃——对端不可达或已崩溃。",
  "error.EADDRINUSE":
    "地址已被使用：该端口仍被另一个套接字或处于 TIME_WAIT 的连接占用。双方都设置了 SO_REUSEADDR 时，新套接字可以与这样的连接共用端口，但绝不能与监听套接字共用。",
  "error.ENOTCONN": "传输端点尚未连接：该调用需要一个连接，但这个套接字没有（从未建立连接）。",
  "error.EBADF":
    "文件描述符无效：应用程序已经关闭了这个套接字，它的描述符不再指向任何东西。要再次通信，需要打开新的套接字（重新 connect）。",
  "error.EINVAL":
    "无效参数：该调用与套接字当前的状态不符，例如对同一个套接字重复绑定，或对监听套接字调用 connect()。",

  // --- 定时器（shared/src/tcp/connection.ts TimerKind） -------------------------------------
  "timer.retransmission": "重传定时器",
  "timer.time_wait": "2MSL 定时器",
  "timer.fin_wait_2": "FIN_WAIT_2 定时器",
  "timer.keepalive": "保活定时器",

  // --- 出错的部分（shared/src/referee/referee.ts WrongPart） --------------------------------
  "part.count": "报文段数量",
  "part.flags": "标志位",
  "part.seq": "序号",
  "part.ack": "确认号",
  "part.len": "数据长度",
  "part.state": "状态",

  // --- 一条 Mistake ------------------------------------------------------------------------
  "mistake.move": "{part}：应为 {expected}，实际为 {got}",
  "mistake.segment": "第 {n} 个报文段的{part}：应为 {expected}，实际为 {got}",
  // --- 关卡（shared/src/missions/catalog.ts） -----------------------------------------------
  "mission.handshake-client.title": "以客户端身份完成三次握手",
  "mission.handshake-client.brief":
    "服务器已在 80 端口上监听，半秒后客户端应用程序调用 connect()。你扮演客户端的 TCP：通过三次握手建立连接。本关网络可靠：每个报文段都会到达，单程约 400 毫秒。",
  "mission.handshake-client.goal": "双方都进入 ESTABLISHED，客户端由 SYN_SENT 进入 ESTABLISHED。",
  "mission.handshake-server.title": "以服务器身份完成三次握手",
  "mission.handshake-server.brief":
    "服务器应用程序在 80 端口上监听，半秒后客户端发起连接。你扮演服务器的 TCP：回应客户端的 SYN，完成三次握手。本关网络可靠：每个报文段都会到达，单程约 400 毫秒。",
  "mission.handshake-server.goal":
    "双方都进入 ESTABLISHED，服务器依次经历 LISTEN、SYN_RECEIVED、ESTABLISHED。",
  "mission.data-lost-segment.title": "数据报文段丢失",
  "mission.data-lost-segment.brief":
    "连接建立后，客户端应用程序发送 3000 字节数据，分成三个报文段发出；服务器应用程序 6 秒后才读取。你扮演客户端的 TCP，网络会丢掉第二个数据报文段。留意服务器确认号中的缺口，在重传定时器超时后重传缺失的数据（超时重传）。",
  "mission.data-lost-segment.goal": "丢失的数据得到重传，双方的连接始终保持 ESTABLISHED。",
  "mission.active-close.title": "主动关闭",
  "mission.active-close.brief":
    "连接建立一秒后，客户端应用程序调用 close()；服务器应用程序读到文件结束（EOF）后也关闭连接。你扮演先关闭的一方——客户端的 TCP：完成四次挥手，并等待 TIME_WAIT 结束。本关网络可靠。",
  "mission.active-close.goal": "双方都进入 CLOSED，客户端依次经历 FIN_WAIT_1、FIN_WAIT_2、TIME_WAIT。",
  "mission.passive-close.title": "被动关闭",
  "mission.passive-close.brief":
    "连接建立一秒后，客户端应用程序关闭连接。你扮演服务器的 TCP：确认客户端的 FIN；服务器应用程序半秒后读到文件结束（EOF），再过半秒调用 close()，这时发出你自己的 FIN 并等待对它的确认。本关网络可靠。",
  "mission.passive-close.goal":
    "双方都进入 CLOSED，服务器依次经历 ESTABLISHED、CLOSE_WAIT、LAST_ACK、CLOSED。",
  "mission.fin-ack-shortcut.title": "FIN 与 ACK 合在一个报文段中",
  "mission.fin-ack-shortcut.brief":
    "连接建立一秒后客户端应用程序关闭连接，服务器应用程序一读到文件结束（EOF）就立即关闭。你扮演客户端的 TCP。网络会丢掉服务器对你的 FIN 的单独确认（纯 ACK），所以你先收到的是服务器的 FIN，它同时也确认了你的 FIN。",
  "mission.fin-ack-shortcut.goal": "双方都进入 CLOSED，客户端从 FIN_WAIT_1 直接进入 TIME_WAIT。",
  "mission.lost-syn.title": "SYN 丢失",
  "mission.lost-syn.brief":
    "服务器在 80 端口上监听，客户端应用程序调用 connect()。你扮演客户端的 TCP，网络会丢掉你发出的第一个 SYN。等不到 SYN-ACK 时，要在重传定时器（初始为 1 秒）超时后重发 SYN，即超时重传。",
  "mission.lost-syn.goal": "尽管 SYN 丢失，双方仍建立连接，客户端由 SYN_SENT 进入 ESTABLISHED。",
  "mission.lost-final-ack.title": "最后一个 ACK 丢失",
  "mission.lost-final-ack.brief":
    "连接建立一秒后客户端应用程序关闭连接，服务器应用程序读到文件结束（EOF）后也关闭。你扮演客户端的 TCP，网络会丢掉四次挥手的最后一个报文段，即你对服务器 FIN 的确认。停在 LAST_ACK 的服务器会超时重传它的 FIN：TIME_WAIT 正是为此而设，请在 TIME_WAIT 中再次确认它。",
  "mission.lost-final-ack.goal":
    "双方都进入 CLOSED：客户端经历 FIN_WAIT_1、FIN_WAIT_2、TIME_WAIT，服务器经历 CLOSE_WAIT、LAST_ACK。",
  "mission.simultaneous-close.title": "同时关闭",
  "mission.simultaneous-close.brief":
    "第 3 秒时双方应用程序同时调用 close()，两个 FIN 在网络中交错而过。你扮演客户端的 TCP：你处于 FIN_WAIT_1、自己的 FIN 尚未被确认时，就会收到服务器的 FIN。本关网络可靠。",
  "mission.simultaneous-close.goal": "双方都进入 CLOSED，各自依次经历 FIN_WAIT_1、CLOSING、TIME_WAIT。",
  "mission.connection-refused.title": "连接被拒绝",
  "mission.connection-refused.brief":
    "客户端应用程序对 80 端口调用 connect()，但对方主机上没有运行服务器程序，没有进程在监听。你扮演客户端的 TCP：发出 SYN，并处理对方 TCP 回送的 RST。本关网络可靠。",
  "mission.connection-refused.goal":
    "客户端由 SYN_SENT 回到 CLOSED，其应用程序得到 ECONNREFUSED（连接被拒绝）。",
  "mission.server-restart.title": "在 TIME_WAIT 期间重启服务器",
  "mission.server-restart.brief":
    "你扮演服务器的 TCP，本关网络可靠。客户端连接到 80 端口，一秒后服务器先关闭连接，于是它这一端进入 TIME_WAIT。进入 TIME_WAIT 一秒后服务器程序崩溃并重启：先在未设置 SO_REUSEADDR 的情况下对 80 端口调用 bind()，一秒后设置 SO_REUSEADDR，再次绑定并监听。",
  "mission.server-restart.goal":
    "服务器这一端经历 FIN_WAIT_1、FIN_WAIT_2、TIME_WAIT 后进入 CLOSED；第一次绑定失败，报告 EADDRINUSE（地址已被使用），设置 SO_REUSEADDR 后的绑定成功。",
  "mission.free-play.title": "自由练习：由你发起调用",
  "mission.free-play.brief":
    "没有脚本：你既是应用程序，也是它的 TCP，本关网络可靠。在“应用程序”面板中自己发起系统调用（listen、connect、send、read、shutdown、close、abort、bind），每次再替你的 TCP 作答。机器人作为服务器时在 80 端口监听；作为客户端时发起连接，发送 100 字节后关闭。",
  "mission.free-play.goal":
    "双方的连接都进入 ESTABLISHED，之后两端都关闭（CLOSED，或仍在 TIME_WAIT 中等待结束）。",

  // --- 每个关卡的要点（结果页面的小结） -----------------------------------------------------
  "mission.handshake-client.point1":
    "connect() 发出 SYN，携带客户端的初始序号（ISN），不带 ACK：这时还没有服务器的任何东西需要确认（RFC 9293 §3.5）。",
  "mission.handshake-client.point2":
    "服务器的 SYN,ACK 确认的是客户端的 ISN + 1：SYN 和 FIN 一样要占用一个序号，尽管它不携带数据。",
  "mission.handshake-client.point3":
    "收到 SYN,ACK 的那一刻客户端就进入 ESTABLISHED，它回的 ACK 再让服务器也进入 ESTABLISHED：三个报文段，双方的 ISN 都得到了对方的确认。",
  "mission.handshake-server.point1":
    "listen() 让套接字进入 LISTEN：它什么也不发送，只等待 SYN（RFC 9293 §3.5）。",
  "mission.handshake-server.point2":
    "SYN 到达监听套接字，会创建一个处于 SYN_RECEIVED 的新连接，它只用一个报文段作答：自己的 SYN（带自己的 ISN），加上对客户端 ISN + 1 的 ACK。",
  "mission.handshake-server.point3":
    "客户端的 ACK 让这个新连接进入 ESTABLISHED，可以由 accept() 取走；netstat 中它和监听套接字并列显示，监听套接字继续监听。",
  "mission.data-lost-segment.point1":
    "接收方只确认按序收到的数据：出现空缺之后，无论后面又到了多少报文段，每个 ACK 指向的仍是第一个缺失的字节。",
  "mission.data-lost-segment.point2":
    "丢失不会有任何通知：重传定时器（RTO）超时后，发送方重发最早的未确认数据，并把 RTO 加倍（RFC 6298 §5.4、§5.5）。",
  "mission.data-lost-segment.point3":
    "接收方保留了空缺之后的报文段：空缺一旦补上，一个 ACK 就确认到已收到的最后一个字节。",
  "mission.active-close.point1":
    "先关闭的一方发送 FIN，然后在 FIN_WAIT_1 等待对它的确认，在 FIN_WAIT_2 等待对端的 FIN（RFC 9293 §3.6）。",
  "mission.active-close.point2":
    "在对端的 FIN 到来之前，连接是半关闭的：对端仍可以发送数据，我们也仍要确认。",
  "mission.active-close.point3":
    "确认对端的 FIN 之后，它在 TIME_WAIT 停留 2MSL：万一最后的 ACK 丢失，还能再次确认对端重传的 FIN；同时让旧的重复报文段在网络中消失。",
  "mission.passive-close.point1":
    "对端的 FIN 会被立即确认，连接进入 CLOSE_WAIT；应用程序在 read() 返回 0（文件结束）时得知这一点（RFC 9293 §3.6）。",
  "mission.passive-close.point2":
    "连接会一直停在 CLOSE_WAIT，直到应用程序调用 close()：从不关闭套接字的程序会让 netstat 里满是 CLOSE_WAIT。",
  "mission.passive-close.point3":
    "close() 发出我们的 FIN 并进入 LAST_ACK；对这个 FIN 的确认一到，连接立即结束。后关闭的一方没有 TIME_WAIT。",
  "mission.fin-ack-shortcut.point1":
    "在 FIN_WAIT_1 收到一个同时确认了我们 FIN 的 FIN，连接直接进入 TIME_WAIT，跳过 FIN_WAIT_2（RFC 9293 §3.10.7.4）。",
  "mission.fin-ack-shortcut.point2":
    "确认是累积的：单独的 ACK 丢了也无妨，对端的下一个报文段会再次确认同样的数据。",
  "mission.fin-ack-shortcut.point3":
    "无论哪条路，对端的 FIN 都要用确认号为其序号 + 1 的 ACK 回应，TIME_WAIT 都持续 2MSL。",
  "mission.lost-syn.point1": "发送方永远不会被告知报文段丢了；它只是一直收不到回音，直到重传定时器超时。",
  "mission.lost-syn.point2": "重发的 SYN 与原来的完全相同，ISN 也不变：连接的起始序号不会改变。",
  "mission.lost-syn.point3":
    "在测到任何往返时间之前，第一个 RTO 是 1 秒（RFC 6298 §2.1），每重试一次加倍（§5.5）；Linux 在重试 tcp_syn_retries 次之后放弃 connect()。",
  "mission.lost-final-ack.point1":
    "处于 LAST_ACK 的一方收不到对其 FIN 的确认，于是在重传定时器超时后再次发送 FIN。",
  "mission.lost-final-ack.point2":
    "另一方仍在 TIME_WAIT，所以能够回应：它再次确认这个 FIN，并重新开始 2MSL 计时（RFC 9293 §3.10.7.4）。",
  "mission.lost-final-ack.point3":
    "如果没有 TIME_WAIT，这个 FIN 找不到连接，会被回以 RST：对端看到的将是一个错误，而不是正常的关闭。",
  "mission.simultaneous-close.point1":
    "两端的应用程序同时关闭时，两个 FIN 在网络中交错：每一方都在 FIN_WAIT_1 收到对方的 FIN，确认它并进入 CLOSING（RFC 9293 §3.6）。",
  "mission.simultaneous-close.point2": "CLOSING 等待对我们自己 FIN 的确认；确认到达后，连接进入 TIME_WAIT。",
  "mission.simultaneous-close.point3": "双方都是先关闭的一方，所以双方都要在 TIME_WAIT 等满 2MSL。",
  "mission.connection-refused.point1":
    "发往无人监听端口的 SYN 会收到 RST，其确认号是该 SYN 的序号 + 1（RFC 9293 §3.5.2、§3.10.7.1）。",
  "mission.connection-refused.point2":
    "在 SYN_SENT 收到确认了我们 SYN 的 RST，连接立即关闭：不回送任何报文段，也没有 TIME_WAIT（RFC 9293 §3.10.7.3）。",
  "mission.connection-refused.point3":
    "应用程序的 connect() 以 ECONNREFUSED（“Connection refused”，连接被拒绝）失败。",
  "mission.server-restart.point1":
    "TIME_WAIT 属于先关闭的一方，不论它是哪一端：这里是服务器，所以程序退出后，它的连接仍占用 80 端口 2MSL。",
  "mission.server-restart.point2":
    "在此期间，新套接字 bind() 到 80 端口会以 EADDRINUSE（“Address already in use”，地址已被使用）失败。",
  "mission.server-restart.point3":
    "设置 SO_REUSEADDR 后，套接字可以与处于 TIME_WAIT 的连接共用端口（但不能与监听套接字共用）：服务器在 bind() 之前设置它，重启时就不必等满 2MSL。",
  "mission.free-play.point1":
    "应用程序驱动 TCP：listen() 和 connect() 建立连接，send() 交给它要发送的字节，close() 在之前排队的数据发完后发出 FIN。",
  "mission.free-play.point2":
    "shutdown() 只关闭发送方向：我们的 FIN 发出，但在对端也关闭之前仍可以收到数据（RFC 9293 §3.6.1）。",
  "mission.free-play.point3":
    "abort() 重置连接：立即发出 RST，连接随即消失，没有 FIN，也没有 TIME_WAIT（RFC 9293 §3.10.5）。",

  // --- 关卡失败的原因（shared/src/missions/run.ts GOAL_FAILURES） -------------------------------
  "goal.client_state": "客户端的连接最终没有处于本关要求的状态。",
  "goal.server_state": "服务器的连接最终没有处于本关要求的状态。",
  "goal.client_saw": "客户端没有按要求的顺序经历规定的状态。",
  "goal.server_saw": "服务器没有按要求的顺序经历规定的状态。",
  "goal.client_error": "客户端应用程序没有得到应有的错误。",
  "goal.server_error": "服务器应用程序没有得到应有的错误。",
  "goal.bind_results": "bind() 调用的成功与失败和本关的要求不符。",
} satisfies Record<CatalogKey, string>;
