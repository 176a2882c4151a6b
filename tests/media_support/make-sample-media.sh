#!/usr/bin/env bash
# Makes the media files of the sample intranet (content/truyen-thong/ and the
# large photo of a model) with Debian's ffmpeg, espeak-ng and ImageMagick.
# The results are committed (each under 300 KB); run this again only to
# change them:  tests/media_support/make-sample-media.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in ffmpeg espeak-ng convert; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install ffmpeg espeak-ng imagemagick)" >&2; exit 2; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Same bytes from run to run: no encoder tags, no dates in the containers.
ff=(ffmpeg -loglevel error -y -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)

# A paragraph of seed 000 (Công văn của Ban Thường vụ Thành ủy Cần Thơ),
# read by espeak-ng's Vietnamese voice.
text="Thực hiện Công văn số 58-CV/TCCS ngày 25 tháng 3 năm 2026 của Tạp chí Cộng sản, \
Ban Thường vụ Thành ủy yêu cầu cấp ủy, tổ chức đảng chỉ đạo cán bộ, đảng viên thường xuyên \
tuyên truyền, truy cập, nghiên cứu, khai thác, chia sẻ thông tin trên các nền tảng của Tạp chí Cộng sản."
espeak-ng -v vi -s 150 -w "$tmp/voice.wav" "$text"

pod=content/truyen-thong/podcast-chuyen-trang-xay-dung-dang-dien-tu
mkdir -p "$pod"
"${ff[@]}" -i "$tmp/voice.wav" -ac 1 -ar 22050 -b:a 32k -map_metadata -1 -id3v2_version 0 "$pod/tap-1.mp3"

vid=content/truyen-thong/video-lan-toa-thong-tin-chinh-thong
mkdir -p "$vid"
convert -size 640x360 gradient:'#b71c1c'-'#7f0000' -fill '#ffd600' -font DejaVu-Sans-Bold \
    -pointsize 34 -gravity center -annotate +0-40 'Lan tỏa thông tin chính thống' \
    -pointsize 22 -fill white -annotate +0+30 'Chuyên trang Xây dựng Đảng điện tử' \
    -strip "$tmp/title.png"
convert "$tmp/title.png" -quality 80 -strip "$vid/poster.jpg"
"${ff[@]}" -loop 1 -framerate 10 -i "$tmp/title.png" -i "$tmp/voice.wav" \
    -vf "drawbox=x=0:y=ih-12:w=iw*t/21:h=12:color=0xffd600:t=fill" \
    -c:v libx264 -preset veryslow -crf 34 -pix_fmt yuv420p -tune stillimage \
    -c:a aac -b:a 24k -ac 1 -shortest -t 21 -map_metadata -1 -movflags +faststart "$vid/clip.mp4"

info=content/truyen-thong/infographic-nen-tang-tap-chi-cong-san
mkdir -p "$info"
convert -size 1200x1600 xc:'#fff8e1' -fill '#b71c1c' -draw 'rectangle 0,0 1200,220' \
    -font DejaVu-Sans-Bold -fill white -pointsize 54 -gravity north -annotate +0+70 'Các nền tảng của Tạp chí Cộng sản' \
    -fill '#b71c1c' -pointsize 40 -gravity northwest \
    -annotate +90+320 '1. Chuyên trang Xây dựng Đảng điện tử' \
    -annotate +90+470 '2. Trang thông tin điện tử tapchicongsan.org.vn' \
    -annotate +90+620 '3. Fanpage và kênh video trên mạng xã hội' \
    -annotate +90+770 '4. Ứng dụng đọc báo trên điện thoại' \
    -font DejaVu-Sans -fill '#333333' -pointsize 30 \
    -annotate +90+1000 'Cán bộ, đảng viên thường xuyên truy cập,' \
    -annotate +90+1050 'nghiên cứu, khai thác và chia sẻ thông tin.' \
    -strip -colors 16 PNG8:"$info/infographic.png"

# A phone photo: 4000×3000, as the models carry them.
photo=content/mo-hinh/chi-bo-so-hoa-so-sach
mkdir -p "$photo"
convert -size 4000x3000 gradient:'#90caf9'-'#e3f2fd' \
    -fill '#8d6e63' -draw 'rectangle 0,2100 4000,3000' \
    -fill '#fafafa' -draw 'rectangle 600,1200 3400,2300' \
    -fill '#1565c0' -draw 'rectangle 800,1350 1900,2100' -draw 'rectangle 2100,1350 3200,2100' \
    -fill '#b71c1c' -font DejaVu-Sans-Bold -pointsize 160 -gravity north -annotate +0+450 'Chi bộ số hóa sổ sách' \
    -sampling-factor 4:2:0 -quality 70 -strip "$photo/anh-sinh-hoat.jpg"
ls -l "$pod" "$vid" "$info" "$photo"
