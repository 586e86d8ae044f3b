//! The summaries (trích yếu) and senders of generated documents, for the benchmarks: the
//! project's own phrases, put together the way the Offices write them, so that searches
//! are measured on text like theirs — a few hundred common syllables with the frequencies
//! of Office prose (the Office's own words, "UBND", "văn phòng", "tỉnh", in most
//! documents), a long tail of place names from the 3,321 communes, years and programme
//! periods — not on a short word list spread evenly. `vanphong bench search` prints the
//! share of documents holding its most common words beside its figures.

use crate::demo_incoming::Dice;
use vanphong::org::seed;

/// How a summary opens: what the sender asks or reports.
const OPENINGS: &[&str] = &[
    "Về việc",
    "Về việc đề nghị",
    "Về việc đề nghị thẩm định",
    "Về việc xin ý kiến về",
    "Về việc đề nghị phê duyệt",
    "Về việc triển khai",
    "Về việc tăng cường công tác",
    "Về việc điều chỉnh",
    "Về việc góp ý dự thảo",
    "Về việc hướng dẫn thực hiện",
    "Về việc đôn đốc thực hiện",
    "Về việc báo cáo tiến độ",
    "Về việc đề nghị bổ sung kinh phí",
    "Về việc kiểm tra, rà soát",
    "Về việc chấn chỉnh",
    "Về việc phối hợp tổ chức",
    "Về việc tham mưu giải quyết",
    "Báo cáo kết quả thực hiện",
    "Báo cáo tình hình",
    "Báo cáo sơ kết",
    "Báo cáo tổng kết",
    "Tờ trình đề nghị phê duyệt",
    "Kế hoạch triển khai",
    "Thông báo kết luận về",
    "Mời dự hội nghị về",
];

/// What it is about, by sector: the core of the summary.
const SUBJECTS: &[&str] = &[
    "kế hoạch đầu tư công trung hạn",
    "dự toán ngân sách nhà nước",
    "giải ngân vốn đầu tư công",
    "quyết toán vốn đầu tư dự án hoàn thành",
    "chủ trương đầu tư dự án khu đô thị mới",
    "thu hồi đất, bồi thường, hỗ trợ và tái định cư",
    "giải phóng mặt bằng dự án đường giao thông",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "quy hoạch sử dụng đất cấp xã",
    "điều chỉnh quy hoạch chung xây dựng",
    "nâng cấp, mở rộng quốc lộ",
    "sửa chữa cầu, cống bị hư hỏng sau mưa lũ",
    "đầu tư hạ tầng cụm công nghiệp",
    "cấp điện cho các thôn, bản vùng cao",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "khắc phục hậu quả bão, lũ",
    "phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
    "trồng rừng thay thế và bảo vệ rừng",
    "khai thác khoáng sản làm vật liệu xây dựng thông thường",
    "xử lý chất thải rắn sinh hoạt",
    "ô nhiễm môi trường tại khu dân cư",
    "cấp nước sạch nông thôn",
    "xây dựng nông thôn mới nâng cao",
    "chương trình mỗi xã một sản phẩm (OCOP)",
    "hỗ trợ phát triển hợp tác xã",
    "giải quyết đơn khiếu nại, tố cáo của công dân",
    "tiếp công dân định kỳ",
    "cải cách hành chính và chuyển đổi số",
    "cung cấp dịch vụ công trực tuyến toàn trình",
    "sắp xếp tổ chức bộ máy, tinh giản biên chế",
    "tuyển dụng viên chức giáo dục",
    "bảo đảm an ninh, trật tự dịp Tết Nguyên đán",
    "bảo đảm trật tự an toàn giao thông",
    "phòng cháy, chữa cháy tại cơ sở sản xuất",
    "sửa chữa, nâng cấp trường học",
    "tổ chức kỳ thi tốt nghiệp trung học phổ thông",
    "phổ cập giáo dục mầm non cho trẻ năm tuổi",
    "chính sách hỗ trợ đồng bào dân tộc thiểu số và miền núi",
    "giảm nghèo bền vững",
    "hỗ trợ nhà ở cho hộ nghèo",
    "công tác y tế dự phòng",
    "tiêm chủng mở rộng",
    "bảo hiểm xã hội, bảo hiểm y tế",
    "bảo tồn, phát huy giá trị di tích lịch sử",
    "tổ chức lễ hội văn hóa, du lịch",
    "phát triển du lịch cộng đồng",
    "xúc tiến đầu tư, thương mại",
    "tháo gỡ khó khăn cho doanh nghiệp",
    "quản lý thị trường, chống hàng giả",
    "thu ngân sách từ đất đai",
    "quản lý, sử dụng tài sản công",
    "thực hành tiết kiệm, chống lãng phí",
    "phòng, chống tham nhũng, tiêu cực",
    "thanh tra việc quản lý đầu tư xây dựng",
    "chương trình công tác tháng của UBND tỉnh",
    "chương trình mục tiêu quốc gia",
    "đề án phát triển kinh tế - xã hội",
    "tổng kết công tác năm",
];

/// The period or year a summary names.
const PERIODS: &[&str] = &[
    "năm 2024",
    "năm 2025",
    "năm 2026",
    "năm 2027",
    "giai đoạn 2021 - 2025",
    "giai đoạn 2026 - 2030",
    "6 tháng đầu năm",
    "quý III",
    "quý IV",
    "tháng 11",
];

/// Where: a commune's name, or the province as a whole.
const PLACES: &[&str] =
    &["trên địa bàn tỉnh", "tại các xã miền núi", "tại các xã ven biển", "trên địa bàn các xã, phường"];

/// Who the summary says asked, directed or advised: the Office and the Committee's
/// leaders name themselves in most of what reaches them.
const REFERENCES: &[&str] = &[
    "theo đề nghị của Văn phòng UBND tỉnh",
    "theo chỉ đạo của Chủ tịch UBND tỉnh",
    "theo ý kiến chỉ đạo của Phó Chủ tịch UBND tỉnh",
    "theo Thông báo kết luận của Thường trực UBND tỉnh",
    "do Văn phòng UBND tỉnh tham mưu",
    "gửi Văn phòng UBND tỉnh tổng hợp",
    "theo Kế hoạch của UBND tỉnh",
    "theo Quyết định của UBND tỉnh",
];

/// Senders other than communes and the ministries.
const SENDERS: &[&str] = &[
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng tỉnh",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Văn phòng Tỉnh ủy",
    "Văn phòng Chính phủ",
    "Bộ Tài chính",
    "Bộ Nội vụ",
    "Kho bạc Nhà nước khu vực",
    "Bảo hiểm xã hội tỉnh",
];

/// Who sent a document: a commune's People's Committee a third of the time (a long tail
/// of names), otherwise a department, a body of the province or a ministry.
pub(crate) fn sender(dice: &mut Dice, communes: &[seed::Commune]) -> String {
    if dice.chance(35) && !communes.is_empty() {
        format!("UBND {}", dice.pick(communes).name)
    } else {
        dice.pick(SENDERS).to_string()
    }
}

/// A document's summary as an Office would register it.
pub(crate) fn summary(dice: &mut Dice, communes: &[seed::Commune]) -> String {
    let mut text = format!("{} {}", dice.pick(OPENINGS), dice.pick(SUBJECTS));
    if dice.chance(45) {
        let period = *dice.pick(PERIODS);
        text.push(' ');
        text.push_str(period);
    }
    if dice.chance(40) && !communes.is_empty() {
        text.push_str(" tại ");
        text.push_str(&dice.pick(communes).name);
    } else if dice.chance(30) {
        let place = *dice.pick(PLACES);
        text.push(' ');
        text.push_str(place);
    }
    if dice.chance(50) {
        text.push(' ');
        text.push_str(dice.pick::<&str>(REFERENCES));
    }
    text
}

/// The share of `texts` (in percent) holding each of `words` (folded).
pub(crate) fn shares<'a>(texts: impl Iterator<Item = &'a str>, words: &[&str]) -> Vec<(String, f64)> {
    let mut seen = vec![0usize; words.len()];
    let mut total = 0usize;
    for text in texts {
        total += 1;
        let folded = vanphong::fold::fold(text);
        let own: std::collections::HashSet<&str> =
            folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        for (n, word) in words.iter().enumerate() {
            seen[n] += usize::from(own.contains(word));
        }
    }
    words.iter().zip(seen).map(|(w, n)| (w.to_string(), 100.0 * n as f64 / total.max(1) as f64)).collect()
}

/// The words that make up the summaries, for the benchmark's report of its vocabulary.
pub(crate) fn distinct_words<'a>(texts: impl Iterator<Item = &'a str>) -> usize {
    let mut words = std::collections::HashSet::new();
    for text in texts {
        for word in vanphong::fold::fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
        {
            words.insert(word.to_string());
        }
    }
    words.len()
}
