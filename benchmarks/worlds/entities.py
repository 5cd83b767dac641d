"""Entity-resolution world: parcel records whose sellers, buyers and delivery addresses appear under many spellings.

Benchmark data for "one seller, buyer or address behind many spellings and scripts" in the Gulf / Middle East /
North Africa, with Arab, Persian, Russian / Central Asian, Turkish, Pakistani / Bangladeshi, Indian and Filipino
residents and mostly Chinese, Turkish, Emirati and Indian sellers. Every entity has a canonical form and a
per-entity pool of variants; each record draws its form from that pool. The truth file gives the true entity of
every record and role.

Written blind to the resolution method: only the canonical column list was taken from the project; every table
(names, transliterations, streets, cities, phone numbering, companies) is the author's own approximation.

Variant kinds
-------------
* names: Arabic / Farsi / Cyrillic script and several Latin transliterations per token (Mohammed / Muhammad /
  Mohamed ...), Al- / El- / Al / al- / dropped article, father's name and "bin" present or absent, family name
  first ("AL-QAHTANI, Mohammed"), case, honorifics, typos (edit, doubled letter, dropped vowel, spacing);
  Arabic orthography (hamza, ta marbuta, alef maqsura, Persian yeh / kaf typed on an Arabic keyboard),
  Turkish diacritics folded (Şükrü Öztürk / Sukru Ozturk), Russian -ev / -yev, ё / е;
* companies: legal-form spellings (Co., Ltd. / Company Limited / LLC / L.L.C. / FZE / Est. / Ltd. Şti. / ООО),
  Trading / Trdg, International / Intl, & / and, city prefix dropped, pinyin spacing, Chinese, Arabic, Cyrillic
  or Farsi script;
* addresses: unit / flat / building formats, floor, PO Box forms (P.O. Box / POB / ص.ب), city and district
  spellings, postcode and country present or absent, number before or after the street, Kuwaiti block / street /
  house, Bahraini building / road / block and Qatari zone formats, Arabic script (sometimes with Arabic-Indic
  digits), French for Morocco, the flat number sometimes dropped;
* phones: +966 50 123 4567 / 00966501234567 / 0501234567 / 966-50-123-4567 / (050) 123 4567 ..., a second
  number for some people, missing at 10-20 %;
* e-mails: case, dots and +tags in gmail local parts, googlemail.com, domain typos, a second address, missing
  at 20-30 %;
* ids: a seller's id is stable per platform account and ~5 % of its records come from another account; a buyer
  has 1-3 platform accounts.

Honest false friends: common full names shared by different people (different phones, e-mails, addresses;
4 % of household heads are planted namesakes, on top of the collisions popular names make: about 8 % of buyers
share a written name at 5,000 rows, 30 % at 100,000); near-identical company names in other countries or cities
("Blue Rose Trading LLC" in Dubai, "Shenzhen Blue Rose Trading Co., Ltd."); family members at one address
(different buyers, one delivery address); flats in one building (same street and building number, different
delivery addresses; the flat number is sometimes left out); parcel depots shared by hundreds of buyers (one
delivery address, dozens of spellings), whose phone a buyer gives instead of their own on a quarter of depot
parcels; a household e-mail shared by family members (10 % of members) -- such records cannot be told apart by
contact data alone.

Scale: buyers ~ consignments / 2.6 (half have one parcel, a few dozens), sellers ~ buyers / 10 (log-normal
volumes), delivery addresses ~ 0.9 x buyers. 1,000,000 consignments take about 45 s and 1.7 GB.

Usage::

    from benchmarks.worlds.entities import generate
    consignments, truth = generate(consignments=20_000, seed=1)

    python -m benchmarks.worlds.entities --out /tmp/er --consignments 20000 --seed 1 [--no-ids]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path

import numpy as np
import pandas as pd

# The canonical columns, as the other benchmark world (also written without graphintel) lists them.
from benchmarks.worlds.blind import CANONICAL_COLUMNS

__all__ = ["CANONICAL_COLUMNS", "TRUTH_COLUMNS", "generate", "main", "write"]

TRUTH_COLUMNS = ["consignment_id", "role", "entity_id"]


# ---------------------------------------------------------------------------------------------------------------
# Tables. A line is "native|latin1,latin2,...": the first Latin form is the most common.
# ---------------------------------------------------------------------------------------------------------------

def _lines(text: str) -> list[list[str]]:
    return [line.strip().split("|") for line in text.strip().splitlines() if line.strip()]


def _tokens(text: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """(native script, Latin forms, takes the Arabic article) per line; a leading + marks the article."""
    out = []
    for parts in _lines(text):
        native = parts[0]
        out.append((native.lstrip("+"), tuple(parts[1].split(",")), native.startswith("+")))
    return out


AR_MALE = _tokens("""
محمد|Mohammed,Muhammad,Mohamed,Mohamad,Mohammad,Muhammed
أحمد|Ahmed,Ahmad
علي|Ali,Aly
عبد الله|Abdullah,Abdallah,Abdulla,Abd Allah,Abdellah
عبد الرحمن|Abdulrahman,Abdul Rahman,Abd al-Rahman,Abdel Rahman,Abdelrahman,Abdurrahman
خالد|Khaled,Khalid
حسن|Hassan,Hasan
حسين|Hussein,Husain,Hussain,Hosein,Houssein
يوسف|Yousef,Youssef,Yusuf,Yousif,Youcef
عمر|Omar,Umar,Omer
إبراهيم|Ibrahim,Ebrahim,Brahim,Ibraheem
سعيد|Saeed,Said,Saied,Sayed
عبد العزيز|Abdulaziz,Abdul Aziz,Abdelaziz,Abd al-Aziz
فهد|Fahad,Fahd,Fahed
سلطان|Sultan,Soltan
فيصل|Faisal,Faysal,Feisal
ناصر|Nasser,Naser,Nasir
سالم|Salem,Salim,Saleem
ماجد|Majed,Majid,Maged
طارق|Tariq,Tarek,Tarik,Tareq
مصطفى|Mustafa,Mostafa,Moustafa,Mustapha
محمود|Mahmoud,Mahmood,Mahmud
عثمان|Othman,Osman,Uthman,Outhmane
صالح|Saleh,Salih
بدر|Bader,Badr,Badar
ياسر|Yasser,Yasir,Yaser
وليد|Waleed,Walid
هشام|Hisham,Hicham,Hesham
كريم|Karim,Kareem
جمال|Jamal,Gamal,Djamel
منصور|Mansour,Mansoor,Mansur
عادل|Adel,Adil
سامي|Sami,Samy
رشيد|Rashid,Rachid,Rasheed
زياد|Ziad,Ziyad,Zeyad
أنس|Anas,Anes
حمزة|Hamza,Hamzah
إسماعيل|Ismail,Ismael,Esmail
نبيل|Nabil,Nabeel
مراد|Murad,Mourad
عبد الكريم|Abdulkarim,Abdul Karim,Abdelkarim
تركي|Turki,Torki
راشد|Rashed,Rashid
""")

AR_FEMALE = _tokens("""
فاطمة|Fatima,Fatma,Fatimah,Fatemah
عائشة|Aisha,Aysha,Aicha,Aishah,Ayesha
مريم|Maryam,Mariam,Meriem,Mariem
نورة|Noura,Nora,Norah
نور|Nour,Noor,Nur
سارة|Sara,Sarah
خديجة|Khadija,Khadijah,Khadeeja
زينب|Zainab,Zeinab,Zaynab
ليلى|Layla,Leila,Laila,Leyla
هدى|Huda,Houda,Hoda
أمل|Amal
منى|Mona,Muna
ريم|Reem,Rim
هند|Hind,Hend
سلمى|Salma,Selma
آمنة|Amina,Aminah,Amna
ياسمين|Yasmin,Yasmine,Yasmeen
دانة|Dana,Danah
لطيفة|Latifa,Latifah
شيماء|Shaimaa,Shaima,Chaimae
""")

# Family names: a trailing |G, |L or |M says where the name is common (Gulf, Levant and Egypt, Maghreb).
_AR_FAMILY_RAW = """
+القحطاني|Qahtani,Kahtani|G
+الشمري|Shammari,Shamari|G
+العتيبي|Otaibi,Otaibi,Utaybi,Oteibi|G
+الغامدي|Ghamdi,Ghamedi|G
+الزهراني|Zahrani|G
+الدوسري|Dosari,Dossary,Dawsari|G
+المطيري|Mutairi,Mutiri,Mteiri|G
+الحربي|Harbi|G
+العنزي|Anazi,Enezi,Anizi|G
+السبيعي|Subaie,Subaiei,Sebaie|G
+الفارسي|Farsi,Farisi|G
+الهاشمي|Hashimi,Hashemi|GL
+المنصوري|Mansouri,Mansoori|G
+الكعبي|Kaabi,Ka'bi|G
+الشامسي|Shamsi|G
+النعيمي|Nuaimi,Naimi,Nuaimy|G
+المهيري|Muhairi,Mheiri|G
+البلوشي|Balushi,Baloushi,Blooshi|G
+الكندي|Kindi|G
+الرشيدي|Rashidi,Rasheedi|G
+الصباح|Sabah|G
+العلي|Ali,Aly|GL
+الأنصاري|Ansari|GL
+المالكي|Maliki,Malki|G
+الجابري|Jabri,Jaberi|G
+الحمادي|Hammadi,Hamadi|G
+الظاهري|Dhaheri,Zahiri,Daheri|G
+السويدي|Suwaidi,Suwaidy,Swaidi|G
+المري|Marri,Murri|G
+الكواري|Kuwari,Kuwary|G
+الهاجري|Hajri,Hajiri|G
+الحارثي|Harthi,Harthy|G
+العمري|Omari,Amri|GL
+التميمي|Tamimi,Temimi|GL
+الخطيب|Khatib,Khateeb|L
+المصري|Masri,Masry|L
+الزعبي|Zoubi,Zu'bi,Zubi|L
+العبادي|Abbadi,Ebadi|L
حسن|Hassan,Hasan|L
علي|Ali,Aly|L
محمود|Mahmoud,Mahmood|L
إبراهيم|Ibrahim,Ebrahim|L
عبد الله|Abdullah,Abdallah|L
سالم|Salem,Salim|L
يوسف|Youssef,Yousef,Yusuf|L
منصور|Mansour,Mansur|L
عثمان|Osman,Othman|L
خليل|Khalil,Khaleel|L
صالح|Saleh,Salih|L
مصطفى|Mostafa,Mustafa|L
حداد|Haddad,Hadad|L
شاهين|Shaheen,Chahine,Shahin|L
جرادات|Jaradat|L
سليمان|Suleiman,Sulaiman,Soliman,Slimane|LM
+السيد|Sayed,Sayyed|L
بن علي|Benali,Ben Ali,Ben Aly|M
العلوي|Alaoui,El Alaoui,Alawi,Al-Alawi|M
+الإدريسي|Idrissi,Idrisi|M
بنجلون|Benjelloun,Ben Jelloun|M
+الفاسي|Fassi,Fasi|M
التازي|Tazi,Tazy|M
بنعمر|Benomar,Ben Omar|M
الزياني|Ziani,Zayani|M
"""
AR_FAMILY = []
AR_FAMILY_REGION = []
for _parts in _lines(_AR_FAMILY_RAW):
    AR_FAMILY.append((_parts[0].lstrip("+"), tuple(_parts[1].split(",")), _parts[0].startswith("+")))
    AR_FAMILY_REGION.append(_parts[2])

FA_MALE = _tokens("""
محمد|Mohammad,Mohamad,Muhammad
علی|Ali
حسین|Hossein,Hosein,Hussein
مهدی|Mehdi,Mahdi
رضا|Reza
امیر|Amir
علیرضا|Alireza,Ali Reza
محمدرضا|Mohammadreza,Mohammad Reza,Mohamadreza
مجید|Majid,Madjid
سعید|Saeed,Said,Saied
""")
FA_FEMALE = _tokens("""
زهرا|Zahra
فاطمه|Fatemeh,Fatemah,Fatima
مریم|Maryam,Mariam
سارا|Sara
نرگس|Narges
مهسا|Mahsa
""")
FA_FAMILY = _tokens("""
حسینی|Hosseini,Hoseini,Husseini
محمدی|Mohammadi,Mohamadi
رضایی|Rezaei,Rezaee,Rezayi
احمدی|Ahmadi
کریمی|Karimi
موسوی|Mousavi,Musavi,Moosavi
جعفری|Jafari,Jaafari
رحیمی|Rahimi
صادقی|Sadeghi,Sadeqi
کاظمی|Kazemi,Kazimi
هاشمی|Hashemi
قاسمی|Ghasemi,Qasemi
نوری|Nouri,Noori
""")

RU_MALE = _tokens("""
Дмитрий|Dmitriy,Dmitry,Dmitrii
Алексей|Aleksey,Alexey,Alexei,Aleksei
Сергей|Sergey,Sergei
Андрей|Andrey,Andrei
Иван|Ivan
Михаил|Mikhail,Mihail
Евгений|Evgeniy,Yevgeny,Evgeny
Юрий|Yuriy,Yury,Iurii
Рустам|Rustam
Тимур|Timur
Бахтиёр|Bakhtiyor,Bakhtiyar,Bahtiyor
Нурлан|Nurlan
Шерзод|Sherzod
""")
RU_FEMALE = _tokens("""
Наталья|Natalya,Natalia,Nataliya
Екатерина|Ekaterina,Yekaterina
Ольга|Olga
Анастасия|Anastasia,Anastasiya
Юлия|Yulia,Yuliya,Iuliia,Julia
Татьяна|Tatiana,Tatyana
Дильноза|Dilnoza
Айгерим|Aigerim,Aygerim
""")
RU_FAMILY = _tokens("""
Иванов|Ivanov
Смирнов|Smirnov
Кузнецов|Kuznetsov
Попов|Popov
Соколов|Sokolov
Лебедев|Lebedev
Козлов|Kozlov
Новиков|Novikov
Морозов|Morozov
Волков|Volkov
Соловьёв|Solovyov,Soloviev,Solovev
Васильев|Vasilyev,Vasiliev,Vasilev
Фёдоров|Fedorov,Fyodorov
Михайлов|Mikhailov,Mikhaylov
Зайцев|Zaytsev,Zaitsev
Каримов|Karimov
Юсупов|Yusupov,Iusupov
Абдуллаев|Abdullaev,Abdullayev
Ахметов|Akhmetov,Ahmetov
Рахимов|Rakhimov,Rahimov
Исмоилов|Ismoilov,Ismailov
""")

# Turkish: the first form carries the diacritics; the folded forms are derived.
TR_MALE = _tokens("""
|Mehmet,Mehmed
|Mustafa
|Ahmet
|Şükrü
|Hüseyin
|İbrahim
|Gökhan
|Çağlar
|Yusuf
|Murat
|Ömer
|Hakan
""")
TR_FEMALE = _tokens("""
|Ayşe
|Fatma
|Emine
|Özlem
|Elif
|Büşra
|Zeynep
|Selin
""")
TR_FAMILY = _tokens("""
|Öztürk
|Yılmaz
|Kaya
|Demir
|Şahin
|Çelik
|Yıldız
|Yıldırım
|Aydın
|Özdemir
|Arslan
|Doğan
|Kılıç
|Çetin
|Koç
|Özkan
|Şimşek
|Erdoğan
""")

SA_MALE = _tokens("""
|Muhammad,Mohammad,Mohd,Md
|Imran
|Asif,Aasif
|Irfan,Erfan
|Shahid,Shahed
|Naveed,Navid
|Faisal,Faizal
|Abdul
|Tariq,Tarik
|Kamran
|Usman,Osman
|Bilal
|Zubair,Zubayr
|Adnan
|Sajid
|Waqas
|Rizwan,Rizvan
|Arshad
|Javed,Javaid
|Nadeem,Nadim
|Salman
|Hamid,Hameed
|Aamir,Amir
|Rahim,Raheem
""")
SA_FEMALE = _tokens("""
|Fatima,Fathima
|Ayesha,Aisha
|Sana
|Nazia
|Rubina
|Shabana
|Farzana
|Saima
|Hina
|Sadia
|Nasreen,Nasrin
|Bushra
""")
SA_FAMILY = _tokens("""
|Khan
|Ahmed,Ahmad
|Hussain,Husain,Hussein
|Qureshi,Kureshi
|Siddiqui,Siddiqi,Siddique
|Chaudhry,Chaudhary,Choudhury
|Malik
|Shaikh,Sheikh
|Butt,Bhatt
|Mirza
|Raza
|Ansari
|Rehman,Rahman
|Iqbal
|Akhtar,Akhter
|Haider,Hyder
|Baig,Beg
|Abbasi
|Hashmi
|Aslam
|Mahmood,Mehmood
|Uddin,Udin
|Hossain,Hosain
|Sarkar,Sarker
""")
IN_MALE = _tokens("""
|Rajesh
|Suresh
|Ramesh
|Anil
|Sunil
|Ravi
|Arun
|Sanjay
|Vijay
|Manoj
|Prakash
|Ajay
|Deepak
|Rahul
|Santosh
|Mahesh
|Sreejith,Srijith
|Biju
|Joseph
|Thomas
|George
|Jacob
""")
IN_FEMALE = _tokens("""
|Priya
|Deepa
|Sunita
|Nisha
|Anjali
|Lakshmi,Laxmi
|Divya
|Rekha
|Sreeja
|Asha
|Meera,Mira
|Pooja,Puja
|Reshma
""")
IN_FAMILY = _tokens("""
|Sharma
|Kumar
|Singh
|Nair
|Patel
|Pillai
|Reddy
|Menon
|Iyer
|Das
|Gupta
|Verma
|Yadav
|Joshi
|Thomas
|Mathew,Mathews
|Varghese,Verghese
|Kurian
|Krishnan
|Rao
|Shetty
|Fernandes,Fernandez
|D'Souza,Dsouza,De Souza
|Pereira,Periera
""")

PH_MALE = _tokens("""
|Jose
|Juan
|Mark
|Michael
|John Paul,JohnPaul,JP
|Ronald
|Rodel
|Jerome
|Ryan
|Christian
|Noel
|Arnel
|Rogelio
|Eduardo
|Ramon
""")
PH_FEMALE = _tokens("""
|Maria,Ma.
|Jennifer
|Rowena
|Joy
|Mary Grace,Marygrace
|Maricel
|Rosalie
|Lorna
|Marites
|Cristina,Kristina
|Jocelyn
|Michelle
|Sheila
|Jovelyn
""")
PH_FAMILY = _tokens("""
|Santos
|Reyes
|Cruz
|Bautista
|Garcia,García
|Dela Cruz,Dela-Cruz,Delacruz,De la Cruz
|Mendoza
|Ramos
|Aquino
|Villanueva
|Castillo
|Flores
|Gonzales,Gonzalez
|Torres
|Navarro
|Domingo
|Soriano
|Mercado
|Salazar
|Pascual
|De Guzman,Deguzman
|Manalo
|Tolentino
|Ocampo
|Dizon
""")

# culture -> (male, female, family, native script kind)
CULTURES = {
    "arab": (AR_MALE, AR_FEMALE, AR_FAMILY, "ar"),
    "persian": (FA_MALE, FA_FEMALE, FA_FAMILY, "fa"),
    "russian": (RU_MALE, RU_FEMALE, RU_FAMILY, "ru"),
    "turkish": (TR_MALE, TR_FEMALE, TR_FAMILY, ""),
    "southasian": (SA_MALE, SA_FEMALE, SA_FAMILY, ""),
    "indian": (IN_MALE, IN_FEMALE, IN_FAMILY, ""),
    "filipino": (PH_MALE, PH_FEMALE, PH_FAMILY, ""),
}
# destination -> culture mix of its residents
CULTURE_MIX = {
    "SA": {"arab": 0.80, "southasian": 0.06, "indian": 0.06, "filipino": 0.03, "persian": 0.01, "turkish": 0.02,
           "russian": 0.02},
    "AE": {"arab": 0.42, "southasian": 0.125, "indian": 0.125, "russian": 0.10, "persian": 0.08, "filipino": 0.08,
           "turkish": 0.07},
    "KW": {"arab": 0.66, "southasian": 0.100, "indian": 0.100, "filipino": 0.06, "persian": 0.05, "turkish": 0.03},
    "QA": {"arab": 0.55, "southasian": 0.140, "indian": 0.140, "filipino": 0.08, "persian": 0.04, "turkish": 0.05},
    "BH": {"arab": 0.60, "southasian": 0.110, "indian": 0.110, "persian": 0.10, "filipino": 0.08},
    "OM": {"arab": 0.70, "southasian": 0.120, "indian": 0.120, "filipino": 0.06},
    "EG": {"arab": 0.97, "turkish": 0.02, "russian": 0.01},
    "JO": {"arab": 0.96, "turkish": 0.02, "russian": 0.02},
    "MA": {"arab": 0.98, "turkish": 0.01, "russian": 0.01},
}
DESTINATIONS = {"SA": 0.30, "AE": 0.24, "KW": 0.09, "QA": 0.07, "BH": 0.04, "OM": 0.05, "EG": 0.10, "JO": 0.05,
                "MA": 0.06}
AR_REGION = {"SA": "G", "AE": "G", "KW": "G", "QA": "G", "BH": "G", "OM": "G", "EG": "L", "JO": "L", "MA": "M"}
ARTICLE_HABIT = {  # how the Arabic article is written, by region
    "G": (("Al-", 0.40), ("Al ", 0.28), ("Al", 0.10), ("al-", 0.05), ("El-", 0.03), ("", 0.14)),
    "L": (("El-", 0.32), ("El ", 0.18), ("Al-", 0.15), ("al-", 0.05), ("", 0.30)),
    "M": (("El ", 0.40), ("El-", 0.20), ("", 0.40)),
}
ARTICLES = ("Al-", "Al ", "Al", "al-", "El-", "El ", "el-", "")

# --- places ------------------------------------------------------------------------------------------------------

COUNTRY_NAMES = {
    "SA": ("المملكة العربية السعودية", ["Saudi Arabia", "KSA", "Kingdom of Saudi Arabia", "K.S.A", "SA"]),
    "AE": ("الإمارات العربية المتحدة", ["United Arab Emirates", "UAE", "U.A.E", "AE"]),
    "KW": ("الكويت", ["Kuwait", "State of Kuwait", "KW"]),
    "QA": ("قطر", ["Qatar", "State of Qatar", "QA"]),
    "BH": ("البحرين", ["Bahrain", "Kingdom of Bahrain", "BH"]),
    "OM": ("عمان", ["Oman", "Sultanate of Oman", "OM"]),
    "EG": ("مصر", ["Egypt", "Arab Republic of Egypt", "EG"]),
    "JO": ("الأردن", ["Jordan", "Hashemite Kingdom of Jordan", "JO"]),
    "MA": ("المغرب", ["Morocco", "Maroc", "MA"]),
}

# country|city arabic|city latin forms|weight, then its districts indented: arabic:latin forms
_CITIES_RAW = """
SA|الرياض|Riyadh,Ar Riyad,Riyad,Al Riyadh|40
  العليا:Al Olaya,Olaya
  الملز:Al Malaz,Malaz
  النخيل:Al Nakheel,Nakheel
  السليمانية:As Sulimaniyah,Al Sulaimaniyah
SA|جدة|Jeddah,Jiddah,Jedda,Jidda|30
  الروضة:Al Rawdah,Ar Rawdah
  الصفا:Al Safa,As Safa
  البلد:Al Balad,Balad
SA|الدمام|Dammam,Ad Dammam,Al Dammam|14
  الفيصلية:Al Faisaliyah,Faisaliya
  الشاطئ:Ash Shati,Al Shati
SA|مكة المكرمة|Makkah,Mecca,Makkah Al Mukarramah|8
  العزيزية:Al Aziziyah,Aziziya
SA|الخبر|Al Khobar,Khobar,Al-Khobar|8
  العقربية:Al Aqrabiyah,Aqrabiya
  الثقبة:Ath Thuqbah,Thuqba
AE|دبي|Dubai,Dubayy|50
  ديرة:Deira
  بر دبي:Bur Dubai
  البرشاء:Al Barsha,Barsha
  جميرا:Jumeirah,Jumeira
  القصيص:Al Qusais,Qusais
AE|أبوظبي|Abu Dhabi,Abu Zabi,Abudhabi|25
  الخالدية:Al Khalidiyah,Khalidiya
  مصفح:Mussafah,Musaffah
AE|الشارقة|Sharjah,Ash Shariqah,Sharjah City|15
  النهدة:Al Nahda,Nahda
  الخان:Al Khan
AE|عجمان|Ajman,Ujman|5
  النعيمية:Al Nuaimiya,Nuaimia
AE|العين|Al Ain,Al-Ain,Alain|5
  الجيمي:Al Jimi,Jimi
KW|مدينة الكويت|Kuwait City,Al Kuwait,Kuwait|30
  الشرق:Sharq,Al Sharq
  القبلة:Qibla,Al Qibla
KW|حولي|Hawalli,Hawally|25
  حولي:Hawalli,Hawally
KW|السالمية|Salmiya,Salmiyah,As Salimiyah|25
  السالمية:Salmiya,Salmiyah
KW|الفروانية|Farwaniya,Al Farwaniyah|20
  خيطان:Khaitan,Kheitan
QA|الدوحة|Doha,Ad Dawhah,Al Doha|70
  السد:Al Sadd,Sadd
  الخليج الغربي:West Bay,Al Dafna
  النجمة:Najma,Al Najma
QA|الريان|Al Rayyan,Ar Rayyan,Rayyan|20
  معيذر:Muaither,Al Muaither
QA|الوكرة|Al Wakrah,Wakra|10
  الوكرة:Al Wakrah,Wakra
BH|المنامة|Manama,Al Manamah|60
  الجفير:Juffair,Al Juffair
  الحورة:Hoora,Al Hoora
BH|المحرق|Muharraq,Al Muharraq|25
  البسيتين:Busaiteen,Al Busaiteen
BH|الرفاع|Riffa,Ar Rifa|15
  الرفاع الشرقي:East Riffa,Riffa Al Sharqi
OM|مسقط|Muscat,Masqat|70
  الخوير:Al Khuwair,Khuwair
  روي:Ruwi
  السيب:Seeb,As Seeb
OM|صلالة|Salalah,Salala|15
  السعادة:Al Saada,Saada
OM|صحار|Sohar,Suhar|15
  الطريف:Al Tareef,Tareef
EG|القاهرة|Cairo,Al Qahirah,El Qahera|50
  مدينة نصر:Nasr City,Madinat Nasr
  المعادي:Maadi,El Maadi
  مصر الجديدة:Heliopolis,Masr El Gedida
EG|الإسكندرية|Alexandria,Al Iskandariyah,Alex|30
  سموحة:Smouha,Semouha
  سيدي جابر:Sidi Gaber,Sidi Jaber
EG|الجيزة|Giza,Al Jizah,El Giza|20
  الدقي:Dokki,Ad Doqi
  المهندسين:Mohandessin,Al Mohandesin
JO|عمّان|Amman,Aman|75
  عبدون:Abdoun,Abdun
  الصويفية:Sweifieh,Al Sweifiyeh
  الشميساني:Shmeisani,Al Shmeisani
  خلدا:Khalda
JO|إربد|Irbid,Irbed|15
  وسط البلد:Downtown,Wast Al Balad
JO|الزرقاء|Zarqa,Az Zarqa,Al Zarqa|10
  الزرقاء الجديدة:New Zarqa,Zarqa Al Jadida
MA|الدار البيضاء|Casablanca,Dar el Beida,Casa|45
  المعاريف:Maarif,Maârif,Al Maarif
  عين الذئاب:Ain Diab,Aïn Diab
MA|الرباط|Rabat|20
  أكدال:Agdal
  حسان:Hassan
MA|مراكش|Marrakesh,Marrakech|15
  جليز:Gueliz,Guéliz
MA|فاس|Fes,Fez,Fès|10
  المدينة الجديدة:Ville Nouvelle,Fes Jdid
MA|طنجة|Tangier,Tanger,Tangiers|10
  مالاباطا:Malabata
"""
CITIES: dict[str, list] = {}
_cc = ""
for _line in _CITIES_RAW.strip().splitlines():
    if _line.startswith("  "):  # a district of the city above
        _ar, _lat = _line.strip().split(":")
        CITIES[_cc][-1][3].append((_ar, _lat.split(",")))
        continue
    _p = _line.split("|")
    _cc = _p[0]
    CITIES.setdefault(_cc, []).append((_p[1], _p[2].split(","), float(_p[3]), []))

_STREETS_RAW = """
SA|طريق الملك فهد|King Fahd Road,King Fahad Road,King Fahd Rd
SA|شارع العليا|Olaya Street,Al Olaya St,Olaya St
SA|طريق الأمير سلطان|Prince Sultan Road,Prince Sultan Rd
SA|شارع التحلية|Tahlia Street,Al Tahlia St,Tahliya Street
SA|طريق الملك عبدالعزيز|King Abdulaziz Road,King Abdul Aziz Rd
SA|شارع الأمير محمد بن عبدالعزيز|Prince Mohammed bin Abdulaziz Street,Prince Muhammad Bin Abdulaziz St
SA|طريق المدينة|Madinah Road,Medina Rd,Al Madinah Road
SA|شارع فلسطين|Palestine Street,Falastin St
SA|شارع عثمان بن عفان|Othman Bin Affan Street,Uthman Ibn Affan Rd
AE|شارع الشيخ زايد|Sheikh Zayed Road,Shaikh Zayed Rd,SZR
AE|شارع الوصل|Al Wasl Road,Al Wasl Rd,Wasl Road
AE|شارع حمدان|Hamdan Street,Hamdan Bin Mohammed St
AE|شارع الخليج|Al Khaleej Road,Khaleej Rd
AE|شارع المطينة|Al Muteena Street,Muteena St
AE|شارع الكورنيش|Corniche Road,Corniche St,Al Corniche Rd
AE|شارع الرقة|Al Rigga Road,Rigga St,Al Riqqa Rd
AE|شارع الاتحاد|Al Ittihad Road,Ittihad Rd
AE|شارع الشيخ خليفة|Sheikh Khalifa Street,Shaikh Khalifa St
OM|شارع السلطان قابوس|Sultan Qaboos Street,Sultan Qaboos St,SQ Street
OM|طريق الخوير|Al Khuwair Road,Khuwair St
OM|شارع 18 نوفمبر|18th November Street,18 November St
OM|شارع الموج|Al Mouj Street,Al Mouj St
EG|شارع عباس العقاد|Abbas El Akkad Street,Abbas Al Aqqad St,Abbas El-Akkad St
EG|شارع التحرير|Tahrir Street,El Tahrir St,At Tahrir St
EG|شارع الهرم|Al Haram Street,Haram St,El Haram St
EG|شارع مصطفى النحاس|Mostafa El Nahas Street,Mustafa Al Nahhas St
EG|طريق الحرية|El Horreya Road,Horreya Rd,Al Hurriya Road
EG|شارع جامعة الدول العربية|Gameat El Dowal El Arabeya St,Arab League Street
JO|شارع المدينة المنورة|Al Madina Al Munawwara Street,Madina Munawara St,Medina St
JO|شارع الجامعة|University Street,Al Jamiaa St,University Rd
JO|شارع مكة|Mecca Street,Makkah St
JO|شارع زهران|Zahran Street,Zahran St
JO|شارع وصفي التل|Wasfi Al Tal Street,Gardens Street,Wasfi Al-Tell St
MA|شارع محمد الخامس|Boulevard Mohammed V,Bd Mohammed V,Av. Mohamed V,Avenue Mohammed 5
MA|شارع الحسن الثاني|Boulevard Hassan II,Bd Hassan 2,Av Hassan II
MA|زنقة ابن سينا|Rue Ibn Sina,Rue Ibnou Sina
MA|شارع الزرقطوني|Boulevard Zerktouni,Bd Zerktouni,Bd Zerktoni
MA|شارع أنفا|Boulevard d'Anfa,Bd Anfa,Boulevard Anfa
MA|زنقة الحرية|Rue de la Liberté,Rue de la Liberte,Rue Al Houria
"""
STREETS: dict[str, list] = {}
for _p in _lines(_STREETS_RAW):
    STREETS.setdefault(_p[0], []).append((_p[1], _p[2].split(",")))
NUMBERED = ("KW", "BH", "QA")  # block / road / zone numbering instead of street names
POSTCODE_DIGITS = {"SA": 5, "EG": 5, "MA": 5, "JO": 5, "KW": 5, "OM": 3}
PO_BOX_RATE = {"SA": 0.2, "AE": 0.35, "KW": 0.2, "QA": 0.3, "BH": 0.2, "OM": 0.35, "EG": 0.03, "JO": 0.1,
               "MA": 0.05}
BUILDING_NAMES = ["Al Attar Tower", "Marina Heights", "Al Noor Building", "Sky Residence", "Golden Tower",
                  "Al Waha Residence", "Crystal Plaza", "Al Fardan Tower", "Pearl Residence", "Al Salam Building"]

# Parcel-forwarding depots: each is a sequence of components, each with spellings; None marks an optional one.
DEPOTS = [
    ("AE", "الوحدة 4، المنطقة الحرة بمطار دبي، قرية الشحن، دبي",
     [["Unit 4", "U4", "Unit#4", "Unit No. 4", "unti 4", "Unit-4", "Unit 04"],
      ["Dubai Airport Freezone", "Dubai Airport Free Zone", "DAFZA", "Dubai Airport FZ", "Dubai Arpt Free Zone"],
      [None, "Cargo Village", "Cargo Vlg", "Cargo Vill.", "Cargo Villge"],
      ["Dubai", "Dubayy", "DXB"]], "+97142991234"),
    ("AE", "مستودع 12، المنطقة الحرة لجبل علي جنوب، دبي",
     [["Warehouse 12", "WH 12", "Whse 12", "W/H 12", "Warehouse No.12", "Warehose 12"],
      ["Jebel Ali Free Zone South", "JAFZA South", "Jebel Ali FZ South", "JAFZ S", "Jabal Ali Free Zone South"],
      [None, "Plot S30612", "Plot No. S30612", "S-30612"],
      ["Dubai", "Dubayy"]], "+97148812345"),
    ("SA", "مستودع 7، مجمع السلي اللوجستي، الرياض",
     [["Warehouse 7", "WH-7", "Whs 7", "Warehouse #7", "Wearhouse 7"],
      ["Al Sulay Logistics Park", "Al-Sulay Logistic Park", "Sulay Log. Park", "Al Sulai Logistics Park"],
      ["Riyadh", "Ar Riyad", "Riyad"]], "+966112345678"),
    ("KW", "منطقة الشويخ الصناعية، قطعة 2، شارع 25، مخزن 9، الكويت",
     [["Shuwaikh Industrial Area", "Shuwaikh Ind. Area", "Al Shuwaikh Industrial", "Shuwaikh Indl Area"],
      ["Block 2", "Blk 2", "Block-2", "B2"], ["Street 25", "St 25", "St. 25"],
      ["Warehouse 9", "WH 9", "Store 9"], ["Kuwait City", "Kuwait"]], "+96524831234"),
    ("QA", "مبنى 41، شارع 24، المنطقة الصناعية، الدوحة",
     [["Building 41", "Bldg 41", "B41", "Bld. 41"], ["Street 24", "St 24", "Str 24"],
      ["Industrial Area", "Ind. Area", "Indus. Area", "Industrial Aera"], ["Doha", "Ad Dawhah"]], "+97444123456"),
    ("SA", "وحدة 4، مركز جدة للشحن، جدة",
     [["Unit 4", "U4", "Unit #4", "Unt 4"],
      ["Jeddah Cargo Centre", "Jeddah Cargo Center", "Jeddah Cargo Ctr", "JED Cargo Centre", "Jedda Cargo Centre"],
      [None, "King Abdulaziz Intl Airport", "KAIA", "King Abdulaziz International Airport"],
      ["Jeddah", "Jiddah"]], "+966126401234"),
    ("OM", "مستودع 3، منطقة الرسيل الصناعية، مسقط",
     [["Warehouse 3", "WH3", "W/H 3"], ["Rusayl Industrial Estate", "Rusail Ind. Estate", "Rusayl Industrial Area"],
      ["Muscat", "Masqat"]], "+96824446123"),
    ("BH", "وحدة 4، منطقة البحرين اللوجستية، الحد",
     [["Unit 4", "U4", "Unit-4"], ["Bahrain Logistics Zone", "BLZ", "Bahrain Logistic Zone", "Bahrain Log. Zone"],
      ["Hidd", "Al Hidd"]], "+97317365123"),
    ("EG", "مستودع 5، قرية البضائع بمطار القاهرة، القاهرة",
     [["Warehouse 5", "WH 5", "Store 5"], ["Cairo Airport Cargo Village", "Cairo Cargo Village", "CAI Cargo Village"],
      ["Cairo", "Al Qahirah", "El Qahera"]], "+20222651234"),
    ("JO", "وحدة 4، مبنى الشحن مطار الملكة علياء، عمان",
     [["Unit 4", "U4"], ["Queen Alia Airport Cargo", "QAIA Cargo", "Queen Alia Intl Airport Cargo Terminal"],
      ["Amman", "Aman"]], "+96264451234"),
    ("MA", "مستودع 4، المنطقة الحرة مطار محمد الخامس، الدار البيضاء",
     [["Entrepôt 4", "Entrepot 4", "Depot 4", "Entrepôt N°4"],
      ["Zone Franche Aéroport Mohammed V", "ZF Aeroport Med V", "Mohammed V Airport Free Zone",
       "Zone Franche Nouaceur"],
      ["Casablanca", "Casa", "Nouaceur"]], "+212522531234"),
]
FORWARDERS = ["Shop & Ship", "ShopAndShip", "Shop and Ship", "shop&ship", "C/O Aramex Shop & Ship", "c/o MyUS",
              "Borderlinx", "Care of ShipToGulf"]

# --- phones, e-mail, currency --------------------------------------------------------------------------------------

PHONES = {  # country -> (calling code, digits in the national number, trunk prefix, mobile prefixes, grouping)
    "SA": ("966", 9, "0", ("50", "53", "54", "55", "56", "58", "59"), (2, 3, 4)),
    "AE": ("971", 9, "0", ("50", "52", "54", "55", "56", "58"), (2, 3, 4)),
    "KW": ("965", 8, "", ("5", "6", "9"), (4, 4)),
    "QA": ("974", 8, "", ("3", "5", "6", "7"), (4, 4)),
    "BH": ("973", 8, "", ("33", "34", "36", "39"), (4, 4)),
    "OM": ("968", 8, "", ("9", "7"), (4, 4)),
    "EG": ("20", 10, "0", ("10", "11", "12", "15"), (2, 4, 4)),
    "JO": ("962", 9, "0", ("77", "78", "79"), (1, 4, 4)),
    "MA": ("212", 9, "0", ("6", "7"), (1, 2, 2, 2, 2)),
    "CN": ("86", 11, "", ("13", "15", "18", "17", "19"), (3, 4, 4)),
    "TR": ("90", 10, "0", ("53", "54", "55", "50"), (3, 3, 2, 2)),
    "IN": ("91", 10, "0", ("9", "8", "7"), (5, 5)),
    "RU": ("7", 10, "8", ("9",), (3, 3, 2, 2)),
    "IR": ("98", 10, "0", ("91", "93", "99"), (3, 3, 4)),
    "GB": ("44", 10, "0", ("7",), (4, 6)),
    "US": ("1", 10, "", ("201", "212", "310", "646", "718"), (3, 3, 4)),
}
PHONE_FORMATS = 11
PHONE_HABIT = (0.22, 0.06, 0.30, 0.04, 0.04, 0.14, 0.10, 0.02, 0.04, 0.02, 0.02)
_PHONE_HABIT_PAIRS = tuple(enumerate(PHONE_HABIT))

MAIL_DOMAINS = (("gmail.com", 45), ("hotmail.com", 20), ("yahoo.com", 12), ("outlook.com", 10), ("icloud.com", 6),
                ("live.com", 3), ("yandex.ru", 0), ("mail.ru", 0))
LOCAL_DOMAINS = {"SA": "stc.com.sa", "AE": "emirates.net.ae", "KW": "qualitynet.net", "QA": "qatar.net.qa",
                 "BH": "batelco.com.bh", "OM": "omantel.net.om", "EG": "tedata.net.eg", "JO": "orange.jo",
                 "MA": "menara.ma"}
DOMAIN_TYPOS = {"gmail.com": ["gmial.com", "gmail.con", "gmai.com", "gmail.co"],
                "hotmail.com": ["hotmial.com", "hotmail.co", "hotmai.com"], "yahoo.com": ["yaho.com", "yahoo.co"],
                "outlook.com": ["outlok.com", "outlook.co"], "icloud.com": ["iclod.com"], "live.com": ["live.co"]}
_FREE_MAIL = MAIL_DOMAINS[:6]
PLUS_TAGS = ("shop", "orders", "ali", "noon", "amazon", "2024", "temu", "parcels")

CURRENCIES = {"SA": ("SAR", 3.75), "AE": ("AED", 3.6725), "KW": ("KWD", 0.307), "QA": ("QAR", 3.64),
              "BH": ("BHD", 0.376), "OM": ("OMR", 0.385), "EG": ("EGP", 48.5), "JO": ("JOD", 0.709),
              "MA": ("MAD", 9.9)}

# --- sellers -------------------------------------------------------------------------------------------------------

SELLER_COUNTRIES = {"CN": 0.45, "TR": 0.14, "AE": 0.14, "IN": 0.10, "SA": 0.04, "EG": 0.02, "RU": 0.02,
                    "IR": 0.015, "GB": 0.02, "US": 0.025}
PLATFORMS_BY_COUNTRY = {
    "CN": (("AliExpress", 0.4), ("Temu", 0.25), ("Shein", 0.15), ("Alibaba", 0.1), ("Amazon", 0.1)),
    "TR": (("Trendyol", 0.55), ("Amazon", 0.2), ("Noon", 0.15), ("eBay", 0.1)),
    "AE": (("Noon", 0.45), ("Amazon", 0.35), ("Namshi", 0.2)),
    "IN": (("Amazon", 0.6), ("eBay", 0.2), ("Noon", 0.2)),
    "SA": (("Noon", 0.5), ("Amazon", 0.5)),
    "EG": (("Noon", 0.5), ("Amazon", 0.3), ("Jumia", 0.2)),
    "RU": (("Wildberries", 0.6), ("Ozon", 0.4)),
    "IR": (("Digikala", 0.7), ("eBay", 0.3)),
    "GB": (("Amazon", 0.6), ("eBay", 0.4)),
    "US": (("Amazon", 0.6), ("eBay", 0.4)),
}
ALL_PLATFORMS = ("AliExpress", "Temu", "Shein", "Alibaba", "Amazon", "Trendyol", "Noon", "eBay", "Namshi", "Jumia",
                 "Wildberries", "Ozon", "Digikala")

ZH_SYLLABLES = [s.split(":") for s in (
    "华:hua 强:qiang 金:jin 星:xing 宏:hong 达:da 鑫:xin 源:yuan 恒:heng 通:tong 佳:jia 美:mei 瑞:rui 丰:feng "
    "天:tian 虹:hong 辉:hui 光:guang 富:fu 永:yong 盛:sheng 联:lian 创:chuang 凯:kai 博:bo 远:yuan 海:hai 纳:na "
    "优:you 品:pin 诚:cheng 乐:le 智:zhi 龙:long 腾:teng 泰:tai 安:an 隆:long 兴:xing 发:fa 顺:shun 德:de 利:li "
    "昌:chang 新:xin 亚:ya 宇:yu 航:hang").split()]
ZH_CITIES = [  # hanzi, pinyin, province hanzi, province, [(district hanzi, district)]
    ("深圳", "Shenzhen", "广东", "Guangdong", [("福田", "Futian"), ("南山", "Nanshan"), ("宝安", "Bao'an"),
                                          ("龙岗", "Longgang"), ("龙华", "Longhua")]),
    ("广州", "Guangzhou", "广东", "Guangdong", [("天河", "Tianhe"), ("白云", "Baiyun"), ("越秀", "Yuexiu"),
                                            ("番禺", "Panyu")]),
    ("义乌", "Yiwu", "浙江", "Zhejiang", [("稠城", "Choucheng"), ("北苑", "Beiyuan"), ("福田", "Futian")]),
    ("东莞", "Dongguan", "广东", "Guangdong", [("长安", "Chang'an"), ("虎门", "Humen")]),
    ("杭州", "Hangzhou", "浙江", "Zhejiang", [("西湖", "Xihu"), ("滨江", "Binjiang"), ("萧山", "Xiaoshan")]),
    ("宁波", "Ningbo", "浙江", "Zhejiang", [("鄞州", "Yinzhou"), ("北仑", "Beilun")]),
    ("厦门", "Xiamen", "福建", "Fujian", [("思明", "Siming"), ("湖里", "Huli")]),
    ("汕头", "Shantou", "广东", "Guangdong", [("澄海", "Chenghai"), ("龙湖", "Longhu")]),
    ("佛山", "Foshan", "广东", "Guangdong", [("南海", "Nanhai"), ("顺德", "Shunde")]),
    ("上海", "Shanghai", "", "", [("浦东新区", "Pudong New Area"), ("闵行", "Minhang")]),
]
ZH_CITY_W = (30, 20, 15, 10, 6, 5, 4, 4, 3, 3)
_ZH_CITY_PAIRS = tuple(enumerate(ZH_CITY_W))
# hanzi, English forms, goods category
ZH_INDUSTRIES = [
    ("电子", ["Electronics", "Electronic", "Electronics Technology"], "electronics"),
    ("科技", ["Technology", "Tech", "Science and Technology", "Sci & Tech"], "electronics"),
    ("贸易", ["Trading", "Trade"], "general"),
    ("进出口", ["Import & Export", "Import and Export", "Imp & Exp"], "general"),
    ("服饰", ["Apparel", "Garments", "Clothing", "Fashion"], "apparel"),
    ("家居用品", ["Household Products", "Home Products", "Homeware"], "home"),
    ("五金", ["Hardware", "Metal Products"], "home"),
    ("化妆品", ["Cosmetics", "Cosmetic"], "cosmetics"),
    ("玩具", ["Toys", "Toy"], "toys"),
    ("箱包", ["Bags", "Luggage & Bags", "Bag"], "bags"),
    ("电器", ["Electrical Appliances", "Electric Appliance", "Appliances"], "electronics"),
    ("实业", ["Industrial", "Industry", "Industries"], "general"),
    ("鞋业", ["Shoes", "Footwear", "Shoe Industry"], "shoes"),
    ("饰品", ["Jewelry", "Jewellery", "Accessories"], "jewelry"),
    ("汽车配件", ["Auto Parts", "Auto Accessories", "Car Accessories"], "auto"),
]
ZH_SUFFIXES = ["Co., Ltd.", "Co.,Ltd.", "Co. Ltd", "Co Ltd", "Company Limited", "Co., Limited", "CO.,LTD", "Ltd."]

# English brand words with Arabic (masculine, feminine) and Chinese: false friends across countries come from here.
ADJECTIVES = [("Golden", "الذهبي", "الذهبية", "金"), ("Silver", "الفضي", "الفضية", "银"),
              ("Royal", "الملكي", "الملكية", "皇家"), ("Blue", "الأزرق", "الزرقاء", "蓝"),
              ("Green", "الأخضر", "الخضراء", "绿"), ("White", "الأبيض", "البيضاء", "白"),
              ("Red", "الأحمر", "الحمراء", "红"), ("Black", "الأسود", "السوداء", "黑"),
              ("Grand", "الكبير", "الكبيرة", "大"), ("New", "الجديد", "الجديدة", "新"),
              ("Modern", "الحديث", "الحديثة", "现代"), ("United", "المتحد", "المتحدة", "联合"),
              ("Global", "العالمي", "العالمية", "环球"), ("First", "الأول", "الأولى", "第一"),
              ("Smart", "الذكي", "الذكية", "智能"), ("Eastern", "الشرقي", "الشرقية", "东方")]
NOUNS = [("Star", "النجم", "m", "星"), ("Falcon", "الصقر", "m", "鹰"), ("Pearl", "اللؤلؤة", "f", "珍珠"),
         ("Crescent", "الهلال", "m", "月牙"), ("Palm", "النخلة", "f", "棕榈"), ("Ocean", "المحيط", "m", "海洋"),
         ("Horizon", "الأفق", "m", "地平线"), ("Light", "النور", "m", "光"), ("Rose", "الوردة", "f", "玫瑰"),
         ("Oasis", "الواحة", "f", "绿洲"), ("Tower", "البرج", "m", "塔"), ("Bridge", "الجسر", "m", "桥"),
         ("Sun", "الشمس", "f", "太阳"), ("Moon", "القمر", "m", "月"), ("Line", "الخط", "m", "线"),
         ("Eagle", "النسر", "m", "雄鹰"), ("Gate", "البوابة", "f", "门"), ("Sea", "البحر", "m", "海"),
         ("Wave", "الموجة", "f", "浪"), ("Crown", "التاج", "m", "皇冠"), ("Arrow", "السهم", "m", "箭"),
         ("Vision", "الرؤية", "f", "视野"), ("Future", "المستقبل", "m", "未来"), ("Diamond", "الماسة", "f", "钻石")]
# Arab company activity: English forms, Arabic, goods category
AR_ACTIVITIES = [
    (["General Trading", "Gen. Trading", "Gen Trdg", "General Trdg"], "للتجارة العامة", "general"),
    (["Trading", "Trdg", "Trading Co"], "للتجارة", "general"),
    (["Electronics Trading", "Electronics Trdg", "Electronic Trading"], "لتجارة الإلكترونيات", "electronics"),
    (["Perfumes", "Perfume", "Perfumes Trading"], "للعطور", "perfume"),
    (["Textiles", "Textile", "Textiles Trading"], "للأقمشة", "apparel"),
    (["Mobile Phones", "Mobile Phone Trading", "Mobiles"], "للهواتف المتحركة", "electronics"),
    (["Auto Spare Parts", "Auto Parts", "Auto Spare Parts Trading"], "لقطع غيار السيارات", "auto"),
    (["Cosmetics", "Cosmetics Trading", "Cosmetic"], "لمستحضرات التجميل", "cosmetics"),
    (["Readymade Garments", "Ready Made Garments", "Garments Trading"], "للملابس الجاهزة", "apparel"),
    (["E-Commerce", "Ecommerce", "E Commerce"], "للتجارة الإلكترونية", "general"),
    (["International Trading", "Intl Trading", "International Trdg", "Intl Trdg"], "للتجارة الدولية", "general"),
]
# legal form -> (English forms, Arabic suffix, Arabic prefix)
AR_FORMS = {
    "LLC": (["LLC", "L.L.C.", "L.L.C", "Llc", "LLC."], "ذ.م.م", "شركة"),
    "FZE": (["FZE", "F.Z.E.", "FZE.", "F.Z.E"], "م.ح", "شركة"),
    "FZCO": (["FZCO", "FZ CO", "F.Z.CO", "FZ Co."], "م.ح.ذ.م", "شركة"),
    "EST": (["Est.", "Establishment", "Est", "EST."], "", "مؤسسة"),
    "CO": (["Co.", "Company", "Co", "CO."], "", "شركة"),
}
AR_FORMS_BY_COUNTRY = {"AE": (("LLC", 0.5), ("FZE", 0.25), ("FZCO", 0.15), ("EST", 0.1)),
                       "SA": (("EST", 0.55), ("CO", 0.45)), "EG": (("CO", 1.0),)}
FREE_ZONES = [(["Jebel Ali Free Zone", "JAFZA", "Jebel Ali FZ"], "المنطقة الحرة لجبل علي"),
              (["Dubai Airport Free Zone", "DAFZA", "Dubai Airport Freezone"], "المنطقة الحرة بمطار دبي"),
              (["DMCC, Jumeirah Lakes Towers", "DMCC JLT", "JLT"], "أبراج بحيرات جميرا"),
              (["SAIF Zone", "Sharjah Airport International Free Zone", "SAIF-Zone"], "المنطقة الحرة بمطار الشارقة"),
              (["Ajman Free Zone", "AFZ", "Ajman FZ"], "المنطقة الحرة بعجمان")]
TR_BRANDS = ["Anadolu", "Marmara", "Ege", "Akdeniz", "Karadeniz", "Yıldız", "Güneş", "Ay", "Kartal", "Doğu",
             "Başak", "Lale", "Çınar", "Toros", "Hilal", "Ekin"]
TR_SECTORS = [("Tekstil", ["Textile"], "apparel"), ("Giyim", ["Clothing", "Apparel"], "apparel"),
              ("Ayakkabı", ["Shoes", "Footwear"], "shoes"), ("Kozmetik", ["Cosmetics"], "cosmetics"),
              ("Elektronik", ["Electronics"], "electronics"), ("Mobilya", ["Furniture"], "home"),
              ("Gıda", ["Food"], "food"), ("Halı", ["Carpet", "Rugs"], "carpets"), ("Deri", ["Leather"], "bags"),
              ("Ev Tekstili", ["Home Textile"], "home"), ("Oyuncak", ["Toys"], "toys"),
              ("Dış Ticaret", ["Foreign Trade", "Export"], "general")]
TR_FORMS = {"LTD": ["San. ve Tic. Ltd. Şti.", "Sanayi ve Ticaret Limited Şirketi", "Ltd. Şti.", "LTD. ŞTİ.",
                    "San. Tic. Ltd. Şti."],
            "AS": ["A.Ş.", "Anonim Şirketi", "San. ve Tic. A.Ş.", "AŞ"]}
TR_CITIES = [("İstanbul", ["Bağcılar", "Esenyurt", "Zeytinburnu", "Fatih", "Güngören"], "34"),
             ("Bursa", ["Osmangazi", "Nilüfer"], "16"), ("İzmir", ["Bornova", "Konak"], "35"),
             ("Gaziantep", ["Şehitkamil", "Şahinbey"], "27"), ("Denizli", ["Merkezefendi", "Pamukkale"], "20")]
TR_MAHALLE = ["Merkez", "Cumhuriyet", "Atatürk", "Fatih", "Yeni", "Hürriyet", "İstiklal", "Mimar Sinan", "Gazi"]
TR_STREETS = ["Atatürk", "İstiklal", "Cumhuriyet", "İnönü", "Fevzi Çakmak", "Barbaros", "Gazi Osman Paşa",
              "Kazım Karabekir"]
IN_BRANDS = [["Shree Ganesh", "Shri Ganesh", "Sri Ganesh"], ["Sai Krishna", "Sai Krishna"], ["Balaji"],
             ["Laxmi", "Lakshmi"], ["Om Sai", "Om Sai Ram"], ["Jai Ambe", "Jay Ambe"], ["Royal"], ["Indo"],
             ["Bharat"], ["Surya"], ["Perfect"], ["Famous"], ["Patel"], ["Agarwal", "Aggarwal"], ["Gupta"],
             ["Mehta"], ["Jain"], ["Shah"], ["Shiv Shakti", "Shiv-Shakti"], ["Krishna"], ["Annapurna"],
             ["Shree Balaji", "Shri Balaji", "Sri Balaji"], ["Sai Baba", "Saibaba"], ["Maa Durga", "Ma Durga"],
             ["Radhe Krishna", "Radhey Krishna"], ["Ganga"], ["Sagar"], ["Kohinoor", "Kohinur"], ["Taj"],
             ["Super"], ["Metro"], ["Ocean"], ["Sun"], ["Global"], ["Vishal"], ["Mahalaxmi", "Mahalakshmi"]]
IN_ACTIVITIES = [(["Exports", "Export"], "general"), (["Overseas"], "general"), (["Impex"], "general"),
                 (["Enterprises", "Enterprise"], "general"), (["International", "Intl"], "general"),
                 (["Textiles", "Textile"], "apparel"), (["Handicrafts", "Handicraft"], "home"),
                 (["Traders"], "general"), (["Fashions", "Fashion"], "apparel"), (["Gems & Jewels"], "jewelry"),
                 (["Spices"], "food")]
IN_FORMS = {"PVT": ["Pvt Ltd", "Private Limited", "Pvt. Ltd.", "(P) Ltd", "PVT LTD"], "LLP": ["LLP", "L.L.P."],
            "": [""]}
IN_PLACES = [("Plot No. {n}, Sector {s}", "Noida", ["Uttar Pradesh", "UP", "U.P."], "2013{p:02d}"),
             ("{n}, Okhla Industrial Area Phase {s}", "New Delhi", ["Delhi", "New Delhi"], "1100{p:02d}"),
             ("Gala No. {n}, MIDC, Andheri East", "Mumbai", ["Maharashtra", "MH"], "4000{p:02d}"),
             ("{n}, Ring Road, Textile Market", "Surat", ["Gujarat", "GJ"], "3950{p:02d}"),
             ("{n}, Sitapura Industrial Area", "Jaipur", ["Rajasthan", "RJ"], "3020{p:02d}"),
             ("{n}, Avinashi Road", "Tiruppur", ["Tamil Nadu", "TN"], "6416{p:02d}")]
RU_BRANDS = [("Ромашка", ["Romashka"]), ("Восток", ["Vostok"]), ("Альфа", ["Alfa", "Alpha"]),
             ("Техносила", ["Tekhnosila", "Technosila"]), ("Стройторг", ["Stroytorg", "Stroitorg"]),
             ("Сибирь", ["Sibir"]), ("Волга", ["Volga"]), ("Север", ["Sever"]), ("Меридиан", ["Meridian"]),
             ("Гранит", ["Granit"]), ("Прогресс", ["Progress"]), ("Импульс", ["Impuls", "Impulse"])]
RU_SUFFIX_WORDS = [("", [""]), ("Трейд", ["Treyd", "Trade"]), ("Групп", ["Group", "Grupp"]), ("Плюс", ["Plus"]),
                   ("Торг", ["Torg"]), ("Сервис", ["Servis", "Service"]), ("Импорт", ["Import"])]
RU_CITIES = [("Москва", ["Moscow", "Moskva"], "1"), ("Санкт-Петербург", ["Saint Petersburg", "St. Petersburg",
                                                                          "Sankt-Peterburg"], "19"),
             ("Новосибирск", ["Novosibirsk"], "63"), ("Казань", ["Kazan"], "42")]
RU_STREETS = [("Ленина", ["Lenina"]), ("Тверская", ["Tverskaya"]), ("Садовая", ["Sadovaya"]), ("Мира", ["Mira"]),
              ("Пушкина", ["Pushkina"])]
IR_BRANDS = [("آریا", ["Arya", "Aria"]), ("پارس", ["Pars"]), ("سپهر", ["Sepehr"]), ("آسیا", ["Asia"]),
             ("کیان", ["Kian", "Kiyan"]), ("نوین", ["Novin"]), ("پویا", ["Pouya", "Puya"]), ("آرمان", ["Arman"]),
             ("البرز", ["Alborz"]), ("زاگرس", ["Zagros"])]
IR_WORDS = [("", [""]), ("گستر", ["Gostar"]), ("تجارت", ["Tejarat"]), ("صنعت", ["Sanat"])]
IR_CITIES = [("تهران", ["Tehran", "Teheran"]), ("مشهد", ["Mashhad", "Mashad"]), ("اصفهان", ["Isfahan", "Esfahan"]),
             ("تبریز", ["Tabriz"])]
IR_STREETS = [("ولیعصر", ["Valiasr", "Vali-e Asr", "Vali Asr"]), ("انقلاب", ["Enghelab", "Enqelab"]),
              ("آزادی", ["Azadi"]), ("شریعتی", ["Shariati"])]
WEST_PLACES = {"GB": [("{n} Bath Road", "Hounslow", "TW{a} {b}AA"), ("Unit {n}, Trafford Park", "Manchester",
                                                                      "M17 {b}SA"),
                      ("{n} Commercial Road", "London", "E1 {b}LA")],
               "US": [("{n} Main St", "Newark, NJ", "071{a:02d}"), ("{n} Industrial Blvd", "Miami, FL", "331{a:02d}"),
                      ("{n} W 34th St", "New York, NY", "100{a:02d}")]}
WEST_FORMS = {"GB": ["Ltd", "Limited", "Ltd.", "LTD"], "US": ["Inc.", "Inc", "Incorporated", "LLC", "Corp."]}

# hs code, description, unit value USD (low, high), kg per unit, category
GOODS = [
    ("392690", "Mobile phone case", 1, 8, 0.05, "electronics"), ("851830", "Bluetooth earphones", 5, 40, 0.1,
                                                                   "electronics"),
    ("850440", "Phone charger", 2, 15, 0.1, "electronics"), ("850760", "Power bank", 8, 35, 0.3, "electronics"),
    ("851762", "Smart watch", 10, 80, 0.1, "electronics"), ("940540", "LED light strip", 3, 20, 0.2, "electronics"),
    ("620442", "Women's dress", 6, 40, 0.3, "apparel"), ("610910", "Men's T-shirt", 2, 15, 0.2, "apparel"),
    ("620459", "Abaya", 15, 90, 0.6, "apparel"), ("621420", "Hijab scarf", 2, 15, 0.1, "apparel"),
    ("640411", "Sneakers", 10, 70, 0.9, "shoes"), ("640399", "Leather shoes", 15, 90, 1.0, "shoes"),
    ("420222", "Handbag", 8, 80, 0.6, "bags"), ("420212", "Travel luggage", 20, 120, 3.5, "bags"),
    ("330300", "Perfume 100ml", 10, 120, 0.35, "perfume"), ("330741", "Oud incense", 5, 60, 0.2, "perfume"),
    ("330410", "Lipstick", 2, 20, 0.05, "cosmetics"), ("330499", "Skin cream", 3, 30, 0.15, "cosmetics"),
    ("950300", "Toy car", 3, 25, 0.4, "toys"), ("950691", "Fitness equipment", 10, 80, 3.0, "toys"),
    ("732393", "Kitchen utensils set", 5, 40, 1.2, "home"), ("630231", "Bed sheet set", 10, 50, 1.5, "home"),
    ("570242", "Carpet", 30, 300, 6.0, "carpets"), ("940360", "Wooden furniture", 40, 400, 15.0, "home"),
    ("870899", "Car accessories", 3, 50, 0.8, "auto"), ("851220", "Car LED lamp", 5, 30, 0.3, "auto"),
    ("711719", "Fashion jewelry", 2, 30, 0.05, "jewelry"), ("710812", "Gold jewellery", 150, 1500, 0.03, "jewelry"),
    ("170490", "Turkish delight", 5, 25, 1.0, "food"), ("090421", "Spices", 3, 20, 0.5, "food"),
    ("210690", "Vitamin supplements", 8, 40, 0.2, "general"), ("847130", "Laptop", 250, 1200, 2.2, "electronics"),
]
CARRIERS = {"postal": ["CNPOST", "PTT", "EMPOST", "SPL", "QPOST", "KWPOST", "INDIAPOST", "EGYPTPOST"],
            "express": ["DHL", "ARAMEX", "FEDEX", "UPS", "SMSA", "NAQEL", "QXPRESS"],
            "cargo": ["EK SKYCARGO", "SAUDIA CARGO", "QR CARGO", "TK CARGO"]}


def _fold_forms(tokens):
    """Add the diacritic-free spelling of every Latin form (Şükrü -> Sukru) as a further variant."""
    return [(n, tuple(dict.fromkeys(forms + tuple(_fold(f) for f in forms))), al) for n, forms, al in tokens]


# ---------------------------------------------------------------------------------------------------------------
# Text noise
# ---------------------------------------------------------------------------------------------------------------

_FOLD = str.maketrans("ıİşŞğĞçÇöÖüÜâÂîÎûÛéèêëàáäïíóúñÉ", "iIsSgGcCoOuUaAiIuUeeeeaaaiiounE")


def _fold(s: str) -> str:
    return s.translate(_FOLD)


for _name in ("TR_MALE", "TR_FEMALE", "TR_FAMILY", "PH_FAMILY"):
    globals()[_name] = _fold_forms(globals()[_name])
CULTURES.update({"turkish": (TR_MALE, TR_FEMALE, TR_FAMILY, ""), "filipino": (PH_MALE, PH_FEMALE, PH_FAMILY, "")})

_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_HAMZA = str.maketrans("أإآ", "ااا")
_FA_ON_AR_KEYBOARD = str.maketrans("یک", "يك")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {}
for _row in _ROWS:
    for _i, _c in enumerate(_row):
        _NEIGHBOURS[_c] = (_row[_i - 1] if _i else "") + (_row[_i + 1] if _i + 1 < len(_row) else "")
_VOWELS = set("aeiouAEIOU")


def _is_rtl(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def _arabic_variant(s: str, r: random.Random) -> str:
    """An orthographic variant of Arabic or Farsi script, as typed by someone else."""
    op = r.random()
    if op < 0.25 and any(c in s for c in "أإآ"):
        return s.translate(_HAMZA)
    if op < 0.4 and "ة" in s:
        return s.replace("ة", "ه")
    if op < 0.5 and ("ی" in s or "ک" in s):
        return s.translate(_FA_ON_AR_KEYBOARD)
    if op < 0.58 and "ى" in s:
        return s.replace("ى", "ي")
    if op < 0.68 and "عبد " in s:
        return s.replace("عبد ", "عبد")
    if op < 0.8 and " ال" in s:
        return s.replace(" ال", " ", 1)
    if op < 0.88 and "،" in s:
        return s.replace("،", ",")
    i = r.randrange(1, max(2, len(s) - 1))
    return s[:i] + s[i + 1:] if s[i] != " " else s[:i] + s[i:]


def _typo(s: str, r: random.Random) -> str:
    """One keyboard-style error: deletion, doubling, transposition, neighbour key, dropped vowel, spacing."""
    n = len(s)
    if n < 4:
        return s
    if _is_rtl(s):
        return _arabic_variant(s, r)
    op = r.random()
    i = r.randrange(1, n - 1)
    c = s[i]
    if op < 0.18:
        return s[:i] + s[i + 1:]
    if op < 0.33:
        return s[:i] + c + s[i:]
    if op < 0.48:
        return s[:i] + s[i + 1] + c + s[i + 2:]
    if op < 0.66:
        nb = _NEIGHBOURS.get(c.lower())
        if nb:
            ch = nb[r.randrange(len(nb))]
            return s[:i] + (ch.upper() if c.isupper() else ch) + s[i + 1:]
        return s[:i] + s[i + 1:]
    if op < 0.8:
        idx = [j for j in range(1, n) if s[j] in _VOWELS]
        if idx:
            j = idx[r.randrange(len(idx))]
            return s[:j] + s[j + 1:]
        return s
    if op < 0.92:
        spaces = [j for j in range(n) if s[j] == " "]
        if spaces and r.random() < 0.6:
            j = spaces[r.randrange(len(spaces))]
            return s[:j] + s[j + 1:]
        return s[:i] + " " + s[i:]
    return _punct(s, r)


def _punct(s: str, r: random.Random) -> str:
    """Punctuation and spacing noise."""
    op = r.randrange(6)
    if op == 0 and "," in s:
        return s.replace(",", "")
    if op == 1 and "." in s:
        return s.replace(".", "")
    if op == 2 and "-" in s:
        return s.replace("-", " ")
    if op == 3 and " " in s:
        return s.replace(" ", "  ", 1)
    if op == 4:
        return s + r.choice((".", " ", ",", " -"))
    return " " + s if r.random() < 0.5 else s.replace(", ", " , ", 1)


_ABBREVIATIONS = [(re.compile(p), reps) for p, reps in (
    (r"\bStreet\b", ("St", "St.", "Str")), (r"\bRoad\b", ("Rd", "Rd.")), (r"\bAvenue\b", ("Ave", "Av.")),
    (r"\bBoulevard\b", ("Blvd", "Bd")), (r"\bBuilding\b", ("Bldg", "Bldg.", "Bld")),
    (r"\bApartment\b", ("Apt", "Apt.")),
    (r"\bSheikh\b", ("Shaikh", "Sh.")), (r"\bKing\b", ("K.",)), (r"\bPrince\b", ("Pr.", "Prince")),
    (r"\bTrading\b", ("Trdg", "Trdg.", "Trad.")), (r"\bInternational\b", ("Intl", "Int'l", "Intl.")),
    (r"\bGeneral\b", ("Gen.", "Gen")), (r"\bCompany\b", ("Co.", "Co")), (r"\bLimited\b", ("Ltd", "Ltd.")),
    (r"\bEstablishment\b", ("Est.", "Est")), (r" & ", (" and ", "&", " n ")), (r" and ", (" & ",)),
    (r"\bIndustrial\b", ("Ind.", "Indl")), (r"\bCentre\b", ("Center", "Ctr")), (r"\bCenter\b", ("Centre", "Ctr")),
    (r"\bFloor\b", ("Fl", "Flr")), (r"\bDistrict\b", ("Dist.", "Dist")), (r"\bTechnology\b", ("Tech", "Techn.")),
    (r"\bElectronics\b", ("Electronic", "Elec.")), (r"\bWarehouse\b", ("WH", "Whse", "W/H")),
    (r"\bMohammed\b", ("Mohd", "Muhammad", "Mohamed")), (r"\bNumber\b", ("No.", "No")),
    (r"\bSanayi\b", ("San.",)), (r"\bTicaret\b", ("Tic.",)), (r"\bPrivate\b", ("Pvt", "Pvt.")),
    (r"\bMahallesi\b", ("Mah.", "Mh.")), (r"\bCaddesi\b", ("Cad.", "Cd.")), (r"\bSokak\b", ("Sok.", "Sk.")),
    (r"\bRoom\b", ("Rm", "Rm.")), (r"\bImport & Export\b", ("Imp & Exp", "Import and Export", "I/E")),
)]


def _abbreviate(s: str, r: random.Random) -> str:
    out = s
    for rx, reps in _ABBREVIATIONS:
        if rx.search(out) and r.random() < 0.6:
            rep = reps[r.randrange(len(reps))]
            out = rx.sub(lambda _m, x=rep: x, out)
    return out


def _recase(s: str, case: int) -> str:
    if case == 1:
        return s.upper()
    if case == 2:
        return s.lower()
    if case == 3:
        return s.title()
    return s


def _post(s: str, r: random.Random, typo: float = 0.0, abbr: float = 0.0, punct: float = 0.0) -> str:
    if abbr and r.random() < abbr:
        s = _abbreviate(s, r)
    if punct and r.random() < punct:
        s = _punct(s, r)
    if typo and r.random() < typo:
        s = _typo(s, r)
    return s


class _Rand(random.Random):
    """random.Random with a cheap randrange / randint / choice (the stdlib ones cost a microsecond each)."""

    def randrange(self, start, stop=None, step=1):
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


_CUMULATIVE: dict = {}


def _weighted(r: random.Random, pairs):
    """Pick from ((value, weight), ...) (a hashable tuple; its cumulative weights are cached)."""
    c = _CUMULATIVE.get(pairs)
    if c is None:
        cum = list(accumulate(w for _, w in pairs))
        c = _CUMULATIVE[pairs] = ([v for v, _ in pairs], cum, cum[-1])
    return c[0][bisect_right(c[1], r.random() * c[2])]


def _pool_size(r: random.Random, uses: int, wild: bool) -> int:
    """How many distinct forms an entity shows: mostly 1-3, some many; never more than it has records."""
    x = r.random()
    k = 1 if x < 0.30 else 2 if x < 0.60 else 3 if x < 0.78 else r.randint(4, 6) if x < 0.92 else r.randint(7, 15)
    if wild:
        k = max(k, r.randint(5, 15))
    return max(1, min(k, uses))


def _build_pool(k: int, render, base, mutate, r: random.Random, tries: int = 3) -> list[str]:
    """k distinct strings: the canonical form (render(base)) then mutated forms."""
    first = render(base, r, False)
    out = [first]
    if k == 1:
        return out
    seen = {first}
    attempts = 0
    while len(out) < k and attempts < k * tries:
        attempts += 1
        s = render(mutate(base, r), r, True)
        if s and s not in seen:
            seen.add(s)
            out.append(s)
    return out


def _skewed(r: random.Random, n: int, power: float) -> int:
    """An index in [0, n) skewed to the front (popular names first)."""
    return int(n * r.random() ** power)


# ---------------------------------------------------------------------------------------------------------------
# Persons. A person is (culture, female, given, middle names, family, native script, region);
# a style is [script, forms, article, middle, bin, order, case, honorific, noise].
# ---------------------------------------------------------------------------------------------------------------

HONORIFICS = (("Mr ", "Mr. ", "MR ", "Dr. ", "Eng. "), ("Mrs. ", "Ms ", "Ms. ", "Dr. ", "Miss "))
_FAMILY_BY_REGION = {reg: [i for i, tag in enumerate(AR_FAMILY_REGION) if reg in tag] for reg in "GLM"}


def _new_person(culture: str, region: str, female: bool, family, r: random.Random, avoid=()) -> tuple:
    male, fem, families, native = CULTURES[culture]
    names = fem if female else male
    given = names[_skewed(r, len(names), 1.7)]
    for _ in range(4):
        if given[1][0] not in avoid:
            break
        given = names[r.randrange(len(names))]
    mids = ()
    if culture == "arab" and r.random() < 0.75:
        mids = (male[_skewed(r, len(male), 1.6)],)
        if r.random() < 0.12:
            mids += (male[_skewed(r, len(male), 1.6)],)
    elif culture == "southasian" and r.random() < 0.25:
        mids = (male[_skewed(r, len(male), 1.5)],)
    if family is None:
        if culture == "arab":
            pool = _FAMILY_BY_REGION[region]
            family = families[pool[_skewed(r, len(pool), 1.3)]]
        else:
            family = families[_skewed(r, len(families), 1.3)]
    return (culture, female, given, mids, family, native, region)


def _person_habit(p: tuple, r: random.Random) -> list:
    culture, _female, given, mids, family, native, region = p
    forms = []
    for tok in (given, *mids, family):
        n = len(tok[1])
        forms.append(0 if n == 1 or (region == "G" and r.random() < 0.6) or r.random() < 0.4 else r.randrange(n))
    article = _weighted(r, ARTICLE_HABIT[region]) if culture == "arab" and family[2] else ""
    x = r.random()
    order = 1 if x < (0.3 if culture == "russian" else 0.05) else 2 if x > 0.965 else 0
    c = r.random()
    case = 0 if c < 0.82 else 1 if c < 0.93 else 2 if c < 0.98 else 3
    script = 1 if native and r.random() < {"ar": 0.12, "fa": 0.15, "ru": 0.2}[native] else 0
    binw = "bin" if region == "G" and mids and culture == "arab" and r.random() < 0.2 else ""
    return [script, tuple(forms), article, bool(mids) and r.random() < 0.75, binw, order, case, "", 0]


def _person_mutate(p: tuple, st: list, r: random.Random) -> list:
    st = list(st)
    for _ in range(1 + (r.random() < 0.25) + (r.random() < 0.05)):
        x = r.random()
        if x < 0.30:
            forms = list(st[1])
            j = r.randrange(len(forms))
            forms[j] = r.randrange(6)
            st[1] = tuple(forms)
        elif x < 0.42:
            st[2] = ARTICLES[r.randrange(len(ARTICLES))] if p[4][2] else st[2]
        elif x < 0.50:
            st[3] = not st[3]
        elif x < 0.54:
            st[4] = "" if st[4] else r.choice(("bin", "Bin", "ibn", "b.", "Bin"))
        elif x < 0.63:
            st[5] = r.randrange(3)
        elif x < 0.75:
            st[6] = r.randrange(4)
        elif x < 0.84:
            st[0] = 1 - st[0] if p[5] else 0
        elif x < 0.87:
            hon = HONORIFICS[p[1]]
            st[7] = hon[r.randrange(len(hon))]
        elif x < 0.97:
            st[8] = 1
        else:
            st[8] = 2
    return st


def _lat(tok, i: int) -> str:
    forms = tok[1]
    return forms[i % len(forms)]


def _family_lat(family, i: int, article: str, russian_female: bool) -> str:
    w = _lat(family, i)
    if russian_female:
        w += "a"
    if family[2] and article:
        w = "Al" + w.lower() if article == "Al" else article + w
    return w


def _person_render(p: tuple, st: list, r: random.Random, _mutated: bool = False) -> str:
    culture, female, given, mids, family, native, _region = p
    script, forms, article, mid, binw, order, case, hon, noise = st
    ru_female = culture == "russian" and female
    if script and native:
        if native == "ru":
            fam = family[0] + ("а" if ru_female else "")
            s = f"{fam} {given[0]}" if order else f"{given[0]} {fam}"
            s = s.upper() if case == 1 else s
        else:
            words = [given[0]]
            if mid and mids:
                if binw and native == "ar":
                    words.append("بن")
                words.extend(m[0] for m in mids)
            words.append(family[0])
            s = " ".join(words)
    else:
        first = _lat(given, forms[0])
        middle = [_lat(m, forms[1 + j]) for j, m in enumerate(mids)] if mid else []
        if middle and binw:
            middle.insert(0, binw)
        fam = _family_lat(family, forms[-1], article, ru_female)
        if order == 0:
            s = " ".join((first, *middle, fam))
        elif order == 1:
            s = " ".join((fam, first, *middle))
        else:
            s = fam.upper() + ", " + " ".join((first, *middle))
        s = hon + _recase(s, case)
    if noise == 1:
        s = _typo(s, r)
    elif noise == 2:
        s = _punct(s, r)
    return s


def _ascii(w: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold(w).lower())


# ---------------------------------------------------------------------------------------------------------------
# Phones and e-mails
# ---------------------------------------------------------------------------------------------------------------

def _new_phone(cc: str, r: random.Random, used: set) -> tuple[str, str]:
    _code, digits, _trunk, prefixes, _groups = PHONES[cc]
    while True:
        pre = prefixes[r.randrange(len(prefixes))]
        nsn = pre + str(r.randrange(10 ** (digits - len(pre)))).zfill(digits - len(pre))
        if (cc, nsn) not in used:
            used.add((cc, nsn))
            return cc, nsn


def _phone_format(number: tuple[str, str], f: int) -> str:
    cc, nsn = number
    code, _digits, trunk, _p, groups = PHONES[cc]
    chunks, i = [], 0
    for g in groups:
        chunks.append(nsn[i:i + g])
        i += g
    if f == 0:
        return f"+{code} " + " ".join(chunks)
    if f == 1:
        return f"00{code}{nsn}"
    if f == 2:
        return trunk + nsn
    if f == 3:
        return f"{code}-" + "-".join(chunks)
    if f == 4:
        return f"({trunk}{chunks[0]}) " + " ".join(chunks[1:])
    if f == 5:
        return f"+{code}{nsn}"
    if f == 6:
        return trunk + " ".join(chunks)
    if f == 7:
        return f"+{code} ({trunk}){nsn}" if trunk else f"+{code}-{nsn}"
    if f == 8:
        return code + nsn
    if f == 9:
        return nsn
    return f"+{code}." + ".".join(chunks)


def _phone_pool(numbers: list, k: int, r: random.Random) -> list[str]:
    """Forms of one person's numbers: the habitual format of the first number first."""
    habit = _weighted(r, _PHONE_HABIT_PAIRS)
    out = [_phone_format(numbers[0], habit)]
    seen = set(out)
    for attempt in range(k * 3):
        if len(out) >= k:
            break
        num = numbers[1] if len(numbers) > 1 and (attempt % 2 == 0) else numbers[0]
        f = habit if num is not numbers[0] and r.random() < 0.5 else r.randrange(PHONE_FORMATS)
        s = _phone_format(num, f)
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def _mail_key(local: str, domain: str) -> str:
    local = local.lower()
    if domain in ("gmail.com", "googlemail.com"):
        return local.split("+")[0].replace(".", "") + "@gmail.com"
    return local.split("+")[0] + "@" + domain


def _local_part(g: str, f: str, r: random.Random) -> str:
    pat = r.randrange(10)
    if pat == 0:
        return f"{g}.{f}"
    if pat == 1:
        return g + f
    if pat == 2:
        return f"{g}_{f}"
    if pat == 3:
        return g[:1] + f
    if pat == 4:
        return f"{g}{f}{r.randrange(60, 106) % 100:02d}"
    if pat == 5:
        return f"{g}{r.randrange(1, 999)}"
    if pat == 6:
        return f"{f}.{g}"
    if pat == 7:
        return f"{g}.{f}{r.randrange(1, 99)}"
    if pat == 8:
        return f"{g}{r.randrange(60, 106) % 100:02d}"
    return f + g[:1]


def _new_email(words: tuple[str, str], cc: str, r: random.Random, used: set, domain: str | None = None) -> str:
    g, f = words
    for attempt in range(20):
        local = _local_part(g, f, r)
        if attempt > 3:
            local += str(r.randrange(10, 9999))
        dom = domain or (LOCAL_DOMAINS.get(cc) if r.random() < 0.05 else None) or _weighted(r, _FREE_MAIL)
        key = _mail_key(local, dom)
        if key not in used:
            used.add(key)
            return f"{local}@{dom}"
    raise RuntimeError("no free e-mail address")


def _email_variant(addr: str, r: random.Random) -> str:
    local, dom = addr.rsplit("@", 1)
    x = r.random()
    if dom == "gmail.com" and x < 0.45:
        y = r.random()
        if y < 0.35:
            return local.split("+")[0] + "+" + PLUS_TAGS[r.randrange(len(PLUS_TAGS))] + "@" + dom
        if y < 0.65 and "." in local:
            return local.replace(".", "") + "@" + dom
        if y < 0.9 and len(local) > 3:
            i = r.randrange(1, len(local) - 1)
            return local[:i] + "." + local[i:] + "@" + dom
        return local + "@googlemail.com"
    if x < 0.6:
        return addr.upper()
    if x < 0.78:
        return local.capitalize() + "@" + dom
    if x < 0.88 and dom in DOMAIN_TYPOS:
        typos = DOMAIN_TYPOS[dom]
        return local + "@" + typos[r.randrange(len(typos))]
    if x < 0.94:
        return local + "@" + dom.upper()
    return " " + addr if r.random() < 0.5 else addr + " "


def _email_pool(addresses: list[str], k: int, r: random.Random) -> list[str]:
    out = [addresses[0]]
    seen = set(out)
    for attempt in range(k * 3):
        if len(out) >= k:
            break
        base = addresses[1] if len(addresses) > 1 and attempt % 2 == 0 else addresses[0]
        s = base if base not in seen else _email_variant(base, r)
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Delivery addresses. An address is
# (kind 0 flat / 1 villa, country, city, district, street, building, unit, floor, building name, PO box, postcode,
#  x1, x2, x3) -- x are the Kuwaiti block and street, Bahraini road and block or Qatari street and zone.
# ---------------------------------------------------------------------------------------------------------------

UNIT_EN = (("Flat {u}, Bldg {b}", "Flat {u}"), ("Apt. {u} Building {b}", "Apt. {u}"), ("{b}/{u}", "Flat {u}"),
           ("Unit {u}, Building {b}", "Unit {u}"), ("Apartment {u}, Building No. {b}", "Apartment {u}"),
           ("Flat No. {u}, {fo} Floor, Bldg {b}", "Flat No. {u}, {fo} Floor"),
           ("Fl {fl}, Flat {u}, Bldg {b}", "Fl {fl}, Flat {u}"), ("Bldg {b} Apt {u}", "Apt {u}"),
           ("Building {b}, {fo} Floor, Flat {u}", "{fo} Floor, Flat {u}"), ("Flat #{u}, Bldg #{b}", "Flat #{u}"))
UNIT_FR = (("Appt {u}, Imm {b}", "Appt {u}"), ("Appartement {u}, Immeuble {b}", "Appartement {u}"),
           ("Apt {u} Imm. {b}", "Apt {u}"), ("N° {b}, Appt {u}", "Appt {u}"),
           ("Imm {b} Appt {u} Etage {fl}", "Appt {u} Etage {fl}"))
VILLA_EN = ("Villa {b}", "Villa No. {b}", "House {b}", "V{b}", "Villa #{b}", "House No. {b}")
VILLA_FR = ("Villa {b}", "Villa N° {b}", "Lot {b}", "Villa n°{b}")
NUMBERED_EN = {
    "KW": ("Block {x1}, Street {x2}, House {b}", "Blk {x1} St {x2} House {b}", "B{x1} S{x2} H{b}",
           "Block: {x1} Street: {x2} House: {b}", "House {b}, Street {x2}, Block {x1}",
           "Block {x1}, St. {x2}, Bldg {b}"),
    "BH": ("Building {b}, Road {x1}, Block {x2}", "Bldg {b} Rd {x1} Blk {x2}", "B{b} R{x1} Blk{x2}",
           "House {b}, Road {x1}, Block {x2}", "Bldg {b}, Road No. {x1}, Block No. {x2}", "Flat {u} Bldg {b} Rd {x1}"),
    "QA": ("Building {b}, Street {x1}, Zone {x2}", "Bldg {b} St {x1} Zone {x2}", "Zone {x2}, Street {x1}, Building {b}",
           "Z{x2} S{x1} B{b}", "Bldg No. {b}, Street No. {x1}, Zone No. {x2}", "Building {b} Street {x1} Zone {x2}"),
}
NUMBERED_AR = {"KW": "قطعة {x1}، شارع {x2}، منزل {b}", "BH": "مبنى {b}، طريق {x1}، مجمع {x2}",
               "QA": "مبنى {b}، شارع {x1}، منطقة {x2}"}
UNIT_PREFIX = ("Flat {u}, ", "Apt {u} ", "flat no {u}, ", "Flat {u} - ", "Apartment {u}, ")
POBOX_EN = ("P.O. Box {n}", "PO BOX {n}", "POB {n}", "P.O.Box {n}", "PO Box {n}", "P. O. Box {n}", "Box {n}",
            "ص.ب {n}")
POBOX_FR = ("BP {n}", "B.P. {n}", "Boite Postale {n}")
POBOX_AR = ("ص.ب {n}", "ص ب {n}", "صندوق بريد {n}")
SEPARATORS = (", ", ", ", ", ", ", ", " ", " - ", "; ", ",")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _addr_habit(a: tuple, r: random.Random) -> dict:
    cc = a[1]
    return {
        "script": int(r.random() < 0.07), "ufmt": r.randrange(10) if r.random() < 0.5 else 0,
        "cf": 0 if r.random() < 0.7 else r.randrange(4), "dinc": r.random() < 0.6, "df": 0 if r.random() < 0.7 else 1,
        "sf": 0 if r.random() < 0.7 else r.randrange(3), "numfirst": r.random() < (0.6 if cc == "EG" else 0.12),
        "pc": r.randrange(1, 4) if a[10] and r.random() < 0.5 else 0, "pob": r.randrange(8) if a[9] else -1,
        "pobonly": False, "ctry": r.randrange(3) if r.random() < 0.3 else -1,
        "sep": SEPARATORS[0] if r.random() < 0.8 else SEPARATORS[r.randrange(len(SEPARATORS))],
        "case": 0 if r.random() < 0.85 else r.randrange(1, 3), "dropu": False, "bname": r.random() < 0.7,
        "digits": r.random() < 0.3, "noise": 0,
    }


def _addr_mutate(a: tuple, st: dict, r: random.Random) -> dict:
    st = dict(st)
    for _ in range(1 + (r.random() < 0.3) + (r.random() < 0.08)):
        x = r.random()
        if x < 0.16:
            st["ufmt"] = r.randrange(10)
        elif x < 0.28:
            st["cf"] = r.randrange(4)
        elif x < 0.36:
            st["sf"] = r.randrange(3)
        elif x < 0.44:
            st["dinc"] = not st["dinc"]
            st["df"] = r.randrange(2)
        elif x < 0.51:
            st["pc"] = r.randrange(4) if a[10] else 0
        elif x < 0.56:
            st["pob"] = r.randrange(-1, 8) if a[9] else -1
        elif x < 0.58:
            st["pobonly"] = bool(a[9])
        elif x < 0.64:
            st["ctry"] = r.randrange(-1, 4)
        elif x < 0.68:
            st["sep"] = SEPARATORS[r.randrange(len(SEPARATORS))]
        elif x < 0.75:
            st["case"] = r.randrange(3)
        elif x < 0.78:
            st["numfirst"] = not st["numfirst"]
        elif x < 0.84:
            st["script"] = 1 - st["script"]
            st["digits"] = r.random() < 0.4
        elif x < 0.87:
            st["dropu"] = True
        else:
            st["noise"] = r.choice((1, 1, 2, 3, 3))
    return st


def _city_line(cc: str, city: str, pc: str, fmt: int) -> str:
    if not pc or not fmt:
        return city
    if cc == "OM":
        return f"{city}, PC {pc}" if fmt != 2 else f"PC {pc} {city}"
    return (f"{city} {pc}", f"{pc} {city}", f"{city} - {pc}")[fmt - 1]


def _addr_render(a: tuple, st: dict, r: random.Random, _mutated: bool = False) -> str:
    kind, cc, ci, di, si, b, u, fl, bname, pobox, pc, x1, x2, _x3 = a
    city = CITIES[cc][ci]
    district = city[3][di]
    if st["script"]:
        s = _addr_arabic(a, st)
    else:
        french = cc == "MA"
        cityname = city[1][st["cf"] % len(city[1])]
        parts = []
        if st["pobonly"] and pobox:
            parts.append((POBOX_FR if french else POBOX_EN)[max(st["pob"], 0) % (3 if french else 8)].format(n=pobox))
            parts.append(_city_line(cc, cityname, pc, st["pc"]))
        else:
            if cc in NUMBERED:
                fmts = NUMBERED_EN[cc]
                line = fmts[st["ufmt"] % len(fmts)].format(b=b, u=u or 1, x1=x1, x2=x2)
                if u and not st["dropu"] and "{u}" not in fmts[st["ufmt"] % len(fmts)]:
                    line = UNIT_PREFIX[st["ufmt"] % len(UNIT_PREFIX)].format(u=u) + line
                parts.append(line)
            else:
                streets = STREETS[cc][si][1]
                street = streets[st["sf"] % len(streets)]
                if kind == 1:
                    villas = VILLA_FR if french else VILLA_EN
                    if st["numfirst"]:
                        parts.append(f"{b} {street}")
                    else:
                        parts += [villas[st["ufmt"] % len(villas)].format(b=b), street]
                else:
                    units = UNIT_FR if french else UNIT_EN
                    full, short = units[st["ufmt"] % len(units)]
                    vals = {"u": u, "b": b, "fl": fl, "fo": _ordinal(fl)}
                    if st["dropu"]:
                        parts += [f"{b} {street}"] if st["numfirst"] else [("Imm {b}" if french else "Bldg {b}")
                                                                           .format(b=b), street]
                    elif st["numfirst"]:
                        parts += [short.format(**vals), f"{b} {street}"]
                    else:
                        parts += [full.format(**vals), street]
                if bname and st["bname"]:
                    parts.insert(1, bname)
            if st["dinc"]:
                parts.append(district[1][st["df"] % len(district[1])])
            parts.append(_city_line(cc, cityname, pc, st["pc"]))
            if pobox and st["pob"] >= 0:
                parts.append((POBOX_FR if french else POBOX_EN)[st["pob"] % (3 if french else 8)].format(n=pobox))
        if st["ctry"] >= 0:
            names = COUNTRY_NAMES[cc][1]
            parts.append(names[st["ctry"] % len(names)])
        s = _recase(st["sep"].join(parts), st["case"])
    noise = st["noise"]
    if noise == 1:
        s = _typo(s, r)
    elif noise == 2:
        s = _punct(s, r)
    elif noise == 3:
        s = _abbreviate(s, r)
    return s


def _addr_arabic(a: tuple, st: dict) -> str:
    kind, cc, ci, di, si, b, u, _fl, _bname, pobox, pc, x1, x2, _x3 = a
    city = CITIES[cc][ci]
    parts = []
    if st["pobonly"] and pobox:
        parts.append(POBOX_AR[st["pob"] % 3].format(n=pobox))
    else:
        if cc in NUMBERED:
            if u and not st["dropu"]:
                parts.append(f"شقة {u}")
            parts.append(NUMBERED_AR[cc].format(b=b, x1=x1, x2=x2))
        else:
            if kind == 1:
                parts.append(f"فيلا {b}")
            elif st["dropu"]:
                parts.append(f"مبنى {b}")
            else:
                parts.append(f"شقة {u}، مبنى {b}" if st["ufmt"] % 2 == 0 else f"عمارة {b} شقة {u}")
            parts.append(STREETS[cc][si][0])
        if st["dinc"]:
            d = city[3][di][0]
            parts.append("حي " + d if cc == "SA" else d)
        if pobox and st["pob"] >= 0:
            parts.append(POBOX_AR[st["pob"] % 3].format(n=pobox))
    parts.append(city[0])
    if pc and st["pc"]:
        parts.append(("الرمز البريدي " if st["pc"] == 1 else "") + pc)
    if st["ctry"] >= 0:
        parts.append(COUNTRY_NAMES[cc][0])
    s = ("، " if st["sep"] != " - " else " - ").join(parts)
    return s.translate(_AR_DIGITS) if st["digits"] else s


# ---------------------------------------------------------------------------------------------------------------
# Generic specs (companies, seller addresses, depots): parts, each with spellings ("" = left out),
# and whole alternative forms (other scripts, other word orders). Style: [alternative or -1, indices, case, noise].
# ---------------------------------------------------------------------------------------------------------------

def _spec_habit(spec: tuple, r: random.Random, alt_rate: float = 0.06) -> list:
    parts, alts, _joiner = spec
    idx = tuple(0 if len(p) == 1 or r.random() < 0.65 else r.randrange(len(p)) for p in parts)
    mode = r.randrange(len(alts)) if alts and (not parts or r.random() < alt_rate) else -1
    c = r.random()
    return [mode, idx, 0 if c < 0.85 else 1 if c < 0.95 else 3, 0]


def _spec_mutate(spec: tuple, st: list, r: random.Random, wild: bool = False) -> list:
    parts, alts, _joiner = spec
    st = list(st)
    for _ in range(1 + (r.random() < 0.3) + (2 if wild else 0)):
        x = r.random()
        if x < 0.45 and parts:
            idx = list(st[1])
            j = r.randrange(len(parts))
            idx[j] = r.randrange(len(parts[j]))
            st[1] = tuple(idx)
            st[0] = -1 if r.random() < 0.8 or not alts else st[0]
        elif x < 0.55 and alts:
            st[0] = r.randrange(len(alts)) if st[0] < 0 or not parts else -1
        elif x < 0.67:
            st[2] = r.choice((0, 1, 2, 3))
        else:
            st[3] = r.choice((1, 1, 2, 3, 3)) if not wild else r.choice((1, 3, 4))
    return st


def _spec_render(spec: tuple, st: list, r: random.Random, _mutated: bool = False) -> str:
    parts, alts, joiner = spec
    mode, idx, case, noise = st
    if mode >= 0:
        s = alts[mode]
    else:
        s = joiner.join(w for w in (p[i % len(p)] for p, i in zip(parts, idx, strict=True)) if w)
    s = _recase(s, case) if not _is_rtl(s) else s
    if noise == 1:
        s = _typo(s, r)
    elif noise == 2:
        s = _punct(s, r)
    elif noise == 3:
        s = _abbreviate(s, r)
    elif noise == 4:
        s = _typo(_typo(_abbreviate(s, r), r), r)
    return s


# ---------------------------------------------------------------------------------------------------------------
# Sellers: a company name spec, an address spec, a category of goods, e-mail words.
# ---------------------------------------------------------------------------------------------------------------

def _spaced_pinyin(a: str, b: str) -> tuple[str, ...]:
    word = (a + b).capitalize()
    return (word, f"{a.capitalize()} {b.capitalize()}", a.capitalize() + b.capitalize(), f"{a.capitalize()}-{b}")


def _article_forms(family) -> tuple[str, ...]:
    base = family[1]
    if not family[2]:
        return tuple(dict.fromkeys(base))
    w = base[0]
    return (f"Al {w}", f"Al-{w}", f"Al{w.lower()}", w, f"El {w}", *(f"Al {x}" for x in base[1:]))


def _english_brand(r: random.Random) -> tuple[int, int]:
    return r.randrange(len(ADJECTIVES)), r.randrange(len(NOUNS))


def _brand_forms(brand: tuple[int, int]) -> tuple[tuple[str, ...], str, str]:
    adj, noun = ADJECTIVES[brand[0]], NOUNS[brand[1]]
    en = f"{adj[0]} {noun[0]}"
    ar = f"{noun[1]} {adj[1] if noun[2] == 'm' else adj[2]}"
    return (en, en.upper(), f"{adj[0]}-{noun[0]}", f"{adj[0]}{noun[0]}"), ar, adj[3] + noun[3]


def _seller_cn(r: random.Random, brand=None, trading: bool = False):
    city = ZH_CITIES[_weighted(r, _ZH_CITY_PAIRS)]
    ind = ZH_INDUSTRIES[2 if trading else r.randrange(len(ZH_INDUSTRIES))]
    suffix = ZH_SUFFIXES[r.randrange(len(ZH_SUFFIXES))]
    if brand is None:
        s1, s2 = ZH_SYLLABLES[r.randrange(len(ZH_SYLLABLES))], ZH_SYLLABLES[r.randrange(len(ZH_SYLLABLES))]
        brand_forms, brand_zh, words = _spaced_pinyin(s1[1], s2[1]), s1[0] + s2[0], (s1[1] + s2[1],)
    else:
        brand_forms, _ar, brand_zh = _brand_forms(brand)
        words = (brand_forms[0].replace(" ", "").lower(),)
    suffixes = (suffix, *[x for x in ZH_SUFFIXES if x != suffix])
    name = ((city[1], city[1], city[1], ""), brand_forms, tuple(ind[1]), suffixes)
    zh = (f"{city[0]}市{brand_zh}{ind[0]}有限公司", f"{city[0]}{brand_zh}{ind[0]}有限公司",
          f"{brand_zh}{ind[0]}有限公司")
    en_alt = (f"{brand_forms[0]} {ind[1][0]} {suffix} ({city[1]})",)
    dist = city[4][r.randrange(len(city[4]))]
    s1 = ZH_SYLLABLES[r.randrange(len(ZH_SYLLABLES))]
    s2 = ZH_SYLLABLES[r.randrange(len(ZH_SYLLABLES))]
    road, road_zh = (s1[1] + s2[1]).capitalize(), s1[0] + s2[0]
    no, room, block = r.randrange(1, 3000), r.randrange(1, 30) * 100 + r.randrange(1, 20), "ABCDEFG"[r.randrange(7)]
    addr_parts = (
        (f"Room {room}", f"Rm {room}", f"Rm. {room}", f"Room{room}", f"#{room}", f"{room} Room"),
        (f"Block {block}", f"Bldg {block}", f"Building {block}", f"{block} Block", f"Tower {block}", ""),
        (f"No. {no} {road} Road", f"No.{no} {road} Rd", f"{no} {road} Road", f"{road} Road No. {no}",
         f"No.{no}, {road} Rd."),
        (f"{dist[1]} District", f"{dist[1]} Dist.", dist[1], ""),
        (city[1], f"{city[1]} City", city[1].upper()),
        (city[3], f"{city[3]} Province", "") if city[3] else ("",),
        ("China", "P.R. China", "PRC", "", "CN", "P.R.C."),
    )
    prov = f"{city[2]}省" if city[2] else ""
    addr_zh = (f"{prov}{city[0]}市{dist[0]}区{road_zh}路{no}号{block}座{room}室",
               f"{city[0]}市{dist[0]}区{road_zh}路{no}号{block}栋{room}",
               f"中国{prov}{city[0]}{dist[0]}{road_zh}路{no}号")
    return ((name, zh + en_alt, " "), (addr_parts, addr_zh, ", "), ind[2], words, city[1])


def _seller_arab(cc: str, r: random.Random, brand=None, trading: bool = False):
    form_key = _weighted(r, AR_FORMS_BY_COUNTRY[cc])
    en_forms, ar_suffix, ar_prefix = AR_FORMS[form_key]
    act = AR_ACTIVITIES[r.randrange(2) if trading else r.randrange(len(AR_ACTIVITIES))]
    x = r.random()
    sons = ("",)
    if brand is not None:
        brand_forms, brand_ar, _zh = _brand_forms(brand)
        words = (brand_forms[0].replace(" ", "").lower(),)
    elif x < 0.65:
        fam = AR_FAMILY[_FAMILY_BY_REGION["G"][_skewed(r, len(_FAMILY_BY_REGION["G"]), 1.5)]]
        brand_forms, brand_ar = _article_forms(fam), fam[0]
        words = (_ascii(fam[1][0]),)
        if r.random() < 0.3:
            sons = ("& Sons", "and Sons", "& Sons Co", "")
            brand_ar += " وأولاده"
    else:
        g, fam = AR_MALE[_skewed(r, len(AR_MALE), 2.0)], AR_FAMILY[_skewed(r, len(AR_FAMILY), 1.5)]
        brand_forms = tuple(f"{a} {b}" for a in g[1][:3] for b in _article_forms(fam)[:2])
        brand_ar, words = f"{g[0]} {fam[0]}", (_ascii(g[1][0]) + _ascii(fam[1][0]),)
    forms = tuple(en_forms[r.randrange(len(en_forms)):] + en_forms)
    name_parts = (brand_forms, sons, tuple(act[0]), forms)
    alts = [f"{brand_forms[0]} for {act[0][0]} {forms[0]}"]
    if form_key == "EST":
        alts.append(f"{forms[0]} {brand_forms[0]} {act[0][0]}")
    ar_full = f"{ar_prefix} {brand_ar} {act[1]} {ar_suffix}".strip()
    alts += [ar_full, ar_full.replace(f"{ar_prefix} ", "", 1)]
    # office address
    cities = CITIES[cc] if cc in CITIES else CITIES["AE"]
    city = cities[r.randrange(len(cities))]
    office = r.randrange(1, 40) * 100 + r.randrange(1, 20)
    pobox = str(r.randrange(1000, 99999))
    if form_key in ("FZE", "FZCO"):
        zone = FREE_ZONES[r.randrange(len(FREE_ZONES))]
        place, place_ar = tuple(zone[0]), zone[1]
        city = CITIES["AE"][0] if "Sharjah" not in zone[0][0] and "Ajman" not in zone[0][0] else city
    else:
        streets = STREETS.get(cc, STREETS["AE"])
        st = streets[r.randrange(len(streets))]
        place, place_ar = tuple(st[1]), st[0]
    addr_parts = ((f"Office {office}", f"Off. {office}", f"Office No. {office}", f"Office #{office}",
                   f"Shop {office % 100 + 1}"), place, tuple(city[1]),
                  (f"P.O. Box {pobox}", f"PO Box {pobox}", f"POB {pobox}", ""),
                  tuple(COUNTRY_NAMES.get(cc, COUNTRY_NAMES["AE"])[1]) + ("",))
    addr_ar = (f"مكتب {office}، {place_ar}، {city[0]}، ص.ب {pobox}", f"{city[0]} - {place_ar} - مكتب {office}")
    return ((name_parts, tuple(alts), " "), (addr_parts, addr_ar, ", "), act[2], words, city[1][0])


def _seller_tr(r: random.Random):
    if r.random() < 0.5:
        fam = TR_FAMILY[_skewed(r, len(TR_FAMILY), 1.3)][1]
        brand = fam[0]
        if r.random() < 0.3:
            brand += " Kardeşler"
    else:
        brand = TR_BRANDS[r.randrange(len(TR_BRANDS))]
        if r.random() < 0.4:
            brand += " " + TR_FAMILY[r.randrange(len(TR_FAMILY))][1][0]
    sector = TR_SECTORS[r.randrange(len(TR_SECTORS))]
    legal = tuple(TR_FORMS["LTD" if r.random() < 0.75 else "AS"])
    brand_forms = tuple(dict.fromkeys((brand, _fold(brand), brand.upper(), _fold(brand).upper())))
    name_parts = (brand_forms, tuple(dict.fromkeys((sector[0], _fold(sector[0])))),
                  tuple(dict.fromkeys(legal + tuple(_fold(x) for x in legal))))
    en = f"{_fold(brand)} {sector[1][0]} Industry and Trade Co. Ltd."
    alts = (en, f"{_fold(brand)} {sector[1][-1]} Co., Ltd.", f"{brand} {sector[1][0]} Ltd")
    city = TR_CITIES[_weighted(r, tuple(enumerate((50, 15, 15, 12, 8))))]
    ilce = city[1][r.randrange(len(city[1]))]
    mah, cad = TR_MAHALLE[r.randrange(len(TR_MAHALLE))], TR_STREETS[r.randrange(len(TR_STREETS))]
    no, door = r.randrange(1, 200), r.randrange(1, 30)
    pc = city[2] + str(r.randrange(100, 999))

    def both(*xs):
        return tuple(dict.fromkeys(xs + tuple(_fold(x) for x in xs)))

    addr_parts = (both(f"{mah} Mah.", f"{mah} Mahallesi", f"{mah} Mh."),
                  both(f"{cad} Cad.", f"{cad} Caddesi", f"{cad} Cd.", f"{cad} Sok.", f"{cad} Sk."),
                  (f"No:{no}", f"No: {no}", f"No.{no}", f"No {no}"), (f"D:{door}", f"Daire {door}", f"D.{door}", ""),
                  (pc, ""), both(f"{ilce}/{city[0]}", f"{ilce} / {city[0]}", f"{ilce} {city[0]}", city[0]),
                  ("Turkey", "Türkiye", "Turkiye", "TR", ""))
    addr_alt = (f"{_fold(cad)} Street No. {no}/{door}, {_fold(ilce)}, {_fold(city[0])}, Turkey",)
    return ((name_parts, alts, " "), (addr_parts, addr_alt, " "), sector[2], (_ascii(brand),), city[0])


def _seller_in(r: random.Random):
    if r.random() < 0.4:
        a, b = "ABDGHJKMNPRSV"[r.randrange(13)], "ABDGHJKMNPRSV"[r.randrange(13)]
        brand = [f"{a}.{b}.", f"{a}{b}", f"{a} {b}", f"{a}. {b}."]
    else:
        brand = IN_BRANDS[r.randrange(len(IN_BRANDS))]
    act = IN_ACTIVITIES[r.randrange(len(IN_ACTIVITIES))]
    legal = tuple(IN_FORMS[_weighted(r, (("PVT", 0.6), ("LLP", 0.1), ("", 0.3)))])
    name_parts = (tuple(brand), tuple(act[0]), legal)
    place = IN_PLACES[r.randrange(len(IN_PLACES))]
    line = place[0].format(n=r.randrange(1, 300), s=r.randrange(1, 70))
    pin = place[3].format(p=r.randrange(1, 99))
    lines = tuple(dict.fromkeys((line, line.replace("Plot No. ", "Plot "), line.replace("Sector ", "Sec-"),
                                 line.replace("No. ", "No."))))
    city = (place[1], "Bombay") if place[1] == "Mumbai" else (place[1], "Delhi") if place[1] == "New Delhi" else (
        place[1],)
    addr_parts = (lines, city, tuple(place[2]) + ("",), (pin, ""), ("India", "IN", ""))
    return ((name_parts, (), " "), (addr_parts, (), ", "), act[1], (_ascii(brand[0]),), place[1])


def _seller_ru(r: random.Random):
    b, w = RU_BRANDS[r.randrange(len(RU_BRANDS))], RU_SUFFIX_WORDS[r.randrange(len(RU_SUFFIX_WORDS))]
    cyr = (b[0] + " " + w[0]).strip()
    alts = []
    for lat_b in b[1]:
        for lat_w in w[1]:
            lat = (lat_b + " " + lat_w).strip()
            alts += [f'OOO "{lat}"', f"OOO {lat}", f"{lat} LLC", f"{lat} Ltd", f"LLC {lat}"]
    alts = [alts[0]] + alts[1:] + [f"ООО «{cyr}»", f'ООО "{cyr}"', f"ООО {cyr}"]
    city, street = RU_CITIES[r.randrange(len(RU_CITIES))], RU_STREETS[r.randrange(len(RU_STREETS))]
    no, pc = r.randrange(1, 120), city[2] + str(r.randrange(1000, 9999)).zfill(6 - len(city[2]))
    addr = (f"ul. {street[1][0]}, d. {no}, {city[1][-1]}, {pc}", f"{no} {street[1][0]} St, {city[1][0]}, Russia",
            f"г. {city[0]}, ул. {street[0]}, д. {no}", f"{pc}, {city[0]}, ул. {street[0]}, {no}",
            f"{city[1][0]}, ul. {street[1][0]} {no}")
    return (((), tuple(alts), " "), ((), addr, ", "), "general", (_ascii(b[1][0]),), city[1][0])


def _seller_ir(r: random.Random):
    b, w = IR_BRANDS[r.randrange(len(IR_BRANDS))], IR_WORDS[r.randrange(len(IR_WORDS))]
    fa = (b[0] + " " + w[0]).strip()
    alts = []
    for lat_b in b[1]:
        lat = (lat_b + " " + w[1][0]).strip()
        alts += [f"{lat} Trading Co.", f"{lat} Trading Company", f"Bazargani {lat}", f"{lat} Co."]
    alts += [f"شرکت بازرگانی {fa}", f"شرکت بازرگانی {fa}".translate(_FA_ON_AR_KEYBOARD)]
    city, street = IR_CITIES[r.randrange(len(IR_CITIES))], IR_STREETS[r.randrange(len(IR_STREETS))]
    no = r.randrange(1, 300)
    addr = (f"No. {no}, {street[1][0]} St., {city[1][0]}, Iran", f"{city[1][-1]}, {street[1][-1]} Ave, No {no}",
            f"{city[0]}، خیابان {street[0]}، پلاک {str(no).translate(_FA_DIGITS)}",
            f"{city[0]}، خیابان {street[0]}، پلاک {no}")
    return (((), tuple(alts), " "), ((), addr, ", "), "carpets" if r.random() < 0.4 else "general",
            (_ascii(b[1][0]),), city[1][0])


def _seller_west(cc: str, r: random.Random, brand=None, trading: bool = False):
    brand = brand or _english_brand(r)
    brand_forms, _ar, _zh = _brand_forms(brand)
    extra = "Trading" if trading else ("Trading", "Imports", "Supplies", "Online", "UK" if cc == "GB" else "USA",
                                       "")[r.randrange(6)]
    forms = tuple(WEST_FORMS[cc][r.randrange(len(WEST_FORMS[cc])):] + WEST_FORMS[cc])
    name_parts = (brand_forms, (extra, "") if extra else ("",), forms)
    place = WEST_PLACES[cc][r.randrange(len(WEST_PLACES[cc]))]
    line = place[0].format(n=r.randrange(1, 400))
    pc = place[2].format(a=r.randrange(1, 20), b=r.randrange(1, 9))
    addr_parts = ((line, line.replace("Road", "Rd"), line.replace("Street", "St")), (place[1],), (pc, ""),
                  ("United Kingdom", "UK", "GB", "") if cc == "GB" else ("USA", "United States", "US", ""))
    return ((name_parts, (), " "), (addr_parts, (), ", "), "general", (brand_forms[0].replace(" ", "").lower(),),
            place[1])


def _new_seller(cc: str, r: random.Random, brand=None, trading: bool = False):
    if cc == "CN":
        return _seller_cn(r, brand, trading)
    if cc in ("AE", "SA", "EG"):
        return _seller_arab(cc, r, brand, trading)
    if cc == "TR":
        return _seller_tr(r)
    if cc == "IN":
        return _seller_in(r)
    if cc == "RU":
        return _seller_ru(r)
    if cc == "IR":
        return _seller_ir(r)
    return _seller_west(cc, r, brand, trading)


def _seller_email(words: tuple, cc: str, r: random.Random, used: set) -> str:
    w = words[0][:20] or "shop"
    x = r.random()
    if cc == "CN" and x < 0.35:
        dom = ("qq.com", "163.com", "126.com", "aliyun.com")[r.randrange(4)]
        local = str(r.randrange(10 ** 8, 10 ** 10)) if dom == "qq.com" else f"{w}{r.randrange(1, 999)}"
        return _unique(f"{local}@{dom}", used, r)
    if x < 0.6:
        tld = {"CN": (".com", ".cn", ".com.cn"), "AE": (".ae", ".com"), "SA": (".com.sa", ".com"), "TR": (".com.tr",),
               "IN": (".in", ".co.in", ".com"), "RU": (".ru",), "IR": (".ir",), "GB": (".co.uk",)}.get(cc, (".com",))
        dom = w + tld[r.randrange(len(tld))]
        local = ("info", "sales", "export", "service", "contact", "orders")[r.randrange(6)]
        return _unique(f"{local}@{dom}", used, r)
    return _new_email((w, "trading" if r.random() < 0.5 else "shop"), cc, r, used,
                      ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com")[r.randrange(4)])


def _unique(addr: str, used: set, r: random.Random) -> str:
    local, dom = addr.rsplit("@", 1)
    while _mail_key(local, dom) in used:
        local = f"{local}{r.randrange(1, 99)}"
    used.add(_mail_key(local, dom))
    return f"{local}@{dom}"


def _depot_spec(d: tuple) -> tuple:
    _cc, arabic, comps, _phone = d
    parts = tuple(tuple("" if c is None else c for c in comp) for comp in comps)
    parts = ((("",) + tuple(FORWARDERS)),) + parts
    return (parts, (arabic, arabic.translate(_AR_DIGITS)), ", ")


# ---------------------------------------------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------------------------------------------

class _Pools:
    """Per-entity pools of strings, flattened: entity e's forms are strings[start[e]:start[e] + size[e]]."""

    def __init__(self, n: int):
        self.strings: list[str] = []
        self.start = np.zeros(n, dtype=np.int64)
        self.size = np.zeros(n, dtype=np.int64)
        self.p0 = np.ones(n, dtype=np.float64)
        self._values = None

    def set(self, e: int, forms: list[str], p0: float) -> None:
        self.start[e] = len(self.strings)
        self.size[e] = len(forms)
        self.p0[e] = p0
        self.strings.extend(forms)

    def sample(self, ent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One form per record: the canonical one with probability p0, else one of the others, uniformly."""
        size = self.size[ent]
        alt = 1 + (rng.random(len(ent)) * np.maximum(size - 1, 1)).astype(np.int64)
        pick = np.where((rng.random(len(ent)) < self.p0[ent]) | (size <= 1), 0, alt)
        if self._values is None or len(self._values) != len(self.strings) + 1:
            self._values = np.array(self.strings + [""], dtype=object)
        values = self._values
        idx = np.where(size > 0, self.start[ent] + pick, len(self.strings))
        return values[idx]


def _buyer_counts(n: int, rng: np.random.Generator) -> np.ndarray:
    """Parcels per buyer: most 1-3, a heavy tail of dozens; summing to n."""
    chunks, total = [], 0
    while total < n:
        m = max(64, (n - total) // 2)
        heavy = rng.random(m) < 0.035
        c = np.where(heavy, 6 + np.minimum((rng.pareto(1.3, m) * 8).astype(np.int64), 150), rng.geometric(0.52, m))
        chunks.append(c)
        total += int(c.sum())
    counts = np.concatenate(chunks)
    cs = np.cumsum(counts)
    nb = int(np.searchsorted(cs, n)) + 1
    counts = counts[:nb].copy()
    counts[-1] -= int(cs[nb - 1] - n)
    return counts


_CULTURE_PAIRS = {cc: tuple(mix.items()) for cc, mix in CULTURE_MIX.items()}
_CITY_PAIRS = {cc: tuple((i, c[2]) for i, c in enumerate(cities)) for cc, cities in CITIES.items()}


def _choice(r: random.Random, cc: str):
    return _weighted(r, _CULTURE_PAIRS[cc])


def _new_home(cc: str, r: random.Random, buildings: dict, units: dict) -> tuple:
    """A new delivery address in country cc; a quarter of flats are in a building someone else already lives in."""
    recent = buildings.setdefault(cc, [])
    flat = cc in NUMBERED or r.random() < 0.68
    if flat and recent and r.random() < 0.25:
        key = recent[r.randrange(len(recent))]
        kind, ci, di, si, b, bname, pc, x1, x2, tower = key
    else:
        cities = CITIES[cc]
        ci = _weighted(r, _CITY_PAIRS[cc])
        di = r.randrange(len(cities[ci][3]))
        si = r.randrange(len(STREETS[cc])) if cc in STREETS else 0
        b = r.randrange(1, 120) if r.random() < 0.7 else r.randrange(120, 4000)
        tower = flat and r.random() < 0.3
        bname = BUILDING_NAMES[r.randrange(len(BUILDING_NAMES))] if tower and r.random() < 0.5 else ""
        nd = POSTCODE_DIGITS.get(cc, 0)
        pc = ""
        if nd:
            pc = str(1 + ci) + str(r.randrange(10 ** (nd - 1))).zfill(nd - 1) if nd > 3 else f"1{r.randrange(10, 99)}"
        x1, x2 = {"KW": (r.randrange(1, 13), r.randrange(1, 150)), "BH": (r.randrange(1, 5000), r.randrange(100, 1300)),
                  "QA": (r.randrange(100, 999), r.randrange(1, 98))}.get(cc, (0, 0))
        kind = 0 if flat else 1
        key = (kind, ci, di, si, b, bname, pc, x1, x2, tower)
        if flat:
            recent.append(key)
            if len(recent) > 400:
                recent.pop(r.randrange(len(recent)))
    u, fl = 0, 0
    if kind == 0:
        taken = units.setdefault((cc, key), set())
        for _ in range(20):
            fl = r.randrange(1, 30 if tower else 6)
            u = fl * 100 + r.randrange(1, 9) if tower else (fl - 1) * 4 + r.randrange(1, 5)
            if u not in taken:
                break
        taken.add(u)
    elif cc in NUMBERED:
        u = 0
    pobox = str(r.randrange(1000, 99999)) if r.random() < PO_BOX_RATE[cc] else ""
    return (kind, cc, ci, di, si, b, u, fl, bname, pobox, pc, x1, x2, 0)


def _account_id(platform: str, r: random.Random, used: set, seller: bool) -> str:
    while True:
        if seller:
            if platform == "Amazon":
                s = "A" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(13))
            elif platform == "Temu":
                s = str(r.randrange(634418200000000, 634418299999999))
            elif platform in ("AliExpress", "Alibaba"):
                s = (str(r.randrange(1100000000, 1109999999)) if platform == "AliExpress"
                     else f"cn{r.randrange(10**9, 10**10)}")
            elif platform == "Noon":
                s = f"p-{r.randrange(10000, 999999)}"
            elif platform == "Trendyol":
                s = str(r.randrange(100000, 999999))
            else:
                s = f"{platform[:3].upper()}-{r.randrange(10**6, 10**7)}"
        else:
            x = r.random()
            s = (str(r.randrange(10**9, 10**10)) if x < 0.4 else f"U{r.randrange(10**8, 10**9)}" if x < 0.7
                 else f"CUS-{r.randrange(10**6, 10**7)}")
        if s not in used:
            used.add(s)
            return s


def generate(consignments: int = 20_000, seed: int = 1, ids: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(consignments frame in canonical columns, truth frame).

    Text columns are object dtype ("" for unknown; values are shared references to the pooled strings), numbers are
    numeric. The truth frame has one row per consignment and role (seller, buyer, delivery_address) with the true
    entity id (S..., B..., A...). Same seed, same data; ``ids=False`` leaves seller_id and buyer_id empty.
    """
    n = int(consignments)
    if n < 1:
        raise ValueError("consignments must be at least 1")
    rng = np.random.default_rng(seed)
    r = _Rand(int(rng.integers(2 ** 62)))
    dest_codes = list(DESTINATIONS)
    dest_w = np.array(list(DESTINATIONS.values()))

    # --- buyers, households, delivery addresses ----------------------------------------------------------------
    counts = _buyer_counts(n, rng)
    nb = len(counts)
    n_depots = min(len(DEPOTS), 3 + n // 100_000)
    mule = rng.random(nb) < 0.03
    country_draw = rng.choice(len(dest_codes), size=nb, p=dest_w / dest_w.sum())
    persons: list = [None] * nb
    addr1 = np.full(nb, -1, dtype=np.int64)  # address entity ids: depots are 0..n_depots-1, homes follow
    addr2 = np.full(nb, -1, dtype=np.int64)
    shared_mail: dict[int, int] = {}  # family member -> the member whose e-mail they use
    namesake_of: dict[int, int] = {}  # buyer -> an earlier, different buyer with the same name written the same way
    heads: dict[str, list[int]] = {}  # culture -> household heads so far
    homes: list[tuple] = []
    buildings: dict = {}
    units: dict = {}
    for b in range(nb):
        if persons[b] is not None:
            continue
        if mule[b]:
            d = r.randrange(n_depots)
            cc = DEPOTS[d][0]
            persons[b] = _new_person(_choice(r, cc), AR_REGION[cc], r.random() < 0.3, None, r)
            addr1[b] = d
            continue
        cc = dest_codes[country_draw[b]]
        culture, region = _choice(r, cc), AR_REGION[cc]
        x = r.random()
        size = 1 if x < 0.9 else 2 if x < 0.97 else 3 if x < 0.99 else 4
        members = [b]
        j = b + 1
        while len(members) < size and j < min(nb, b + 50):
            if persons[j] is None and not mule[j]:
                members.append(j)
            j += 1
        home = n_depots + len(homes)
        homes.append(_new_home(cc, r, buildings, units))
        earlier = heads.setdefault(culture, [])
        if earlier and r.random() < 0.04:  # an honest namesake: another person, same full name
            other = earlier[r.randrange(len(earlier))]
            first = persons[other]
            namesake_of[b] = other
        else:
            first = _new_person(culture, region, r.random() < 0.4, None, r)
        earlier.append(b)
        given = {first[2][1][0]}
        for k, m in enumerate(members):
            p = first if k == 0 else _new_person(culture, region, r.random() < 0.5, first[4], r, avoid=given)
            given.add(p[2][1][0])
            persons[m] = p
            addr1[m] = home
            if k and r.random() < 0.1:
                shared_mail[m] = members[0]
    for b in np.flatnonzero(rng.random(nb) < 0.15).tolist():  # a second address: another home, or a depot
        if r.random() < 0.1:
            addr2[b] = r.randrange(n_depots)
            continue
        cc = DEPOTS[addr1[b]][0] if addr1[b] < n_depots else homes[addr1[b] - n_depots][1]
        if r.random() < 0.1:
            cc = dest_codes[r.randrange(len(dest_codes))]
        addr2[b] = n_depots + len(homes)
        homes.append(_new_home(cc, r, buildings, units))
    na = n_depots + len(homes)

    # --- rows: buyer, delivery address, seller ---------------------------------------------------------------
    buyer = np.repeat(np.arange(nb), counts)
    rng.shuffle(buyer)
    use2 = (addr2[buyer] >= 0) & (rng.random(n) < 0.3)
    address = np.where(use2, addr2[buyer], addr1[buyer])
    ns = max(5, nb // 10)
    sw = rng.lognormal(0.0, 1.6, ns)
    seller = rng.choice(ns, size=n, p=sw / sw.sum())
    seller_uses = np.bincount(seller, minlength=ns)
    address_uses = np.bincount(address, minlength=na)
    day = rng.integers(0, 365, n)
    order = np.argsort(day, kind="stable")  # rows in date order from here on
    buyer, address, seller, day = buyer[order], address[order], seller[order], day[order]
    del order, use2

    # --- buyer pools --------------------------------------------------------------------------------------------
    name_pool, phone_pool, mail_pool = _Pools(nb), _Pools(nb), _Pools(nb)
    phones_used: set = set()
    mails_used: set = set()
    mails: list = [None] * nb
    habits: dict[int, list] = {}
    phone_missing = np.empty(nb)
    mail_missing = np.empty(nb)
    for b in range(nb):
        p = persons[b]
        uses = int(counts[b])
        wild = r.random() < 0.05
        habit = _person_habit(p, r)
        if b in namesake_of:
            habit = list(habits[namesake_of[b]])
        habits[b] = habit
        k = _pool_size(r, uses, wild)
        forms = _build_pool(k, lambda st, rr, m, p=p: _person_render(p, st, rr, m), habit,
                            lambda st, rr, p=p: _person_mutate(p, st, rr), r)
        name_pool.set(b, forms, r.uniform(0.45, 0.95))
        cc = DEPOTS[addr1[b]][0] if addr1[b] < n_depots else homes[addr1[b] - n_depots][1]
        numbers = [_new_phone(cc, r, phones_used)]
        if r.random() < 0.08:
            numbers.append(_new_phone(cc, r, phones_used))
        phone_pool.set(b, _phone_pool(numbers, min(uses, 1 + (r.random() < 0.5) + (r.random() < 0.2)), r),
                       r.uniform(0.5, 0.95))
        if b in shared_mail and mails[shared_mail[b]] is not None:
            addrs = [mails[shared_mail[b]][0]]
        else:
            g = _ascii(_lat(p[2], habit[1][0])) or "user"
            f = _ascii(_lat(p[4], habit[1][-1])) or "mail"
            if p[4][2] and r.random() < 0.35:
                f = "al" + f
            addrs = [_new_email((g, f), cc, r, mails_used)]
            if r.random() < 0.15:
                addrs.append(_new_email((g, f), cc, r, mails_used))
        mails[b] = addrs
        mail_pool.set(b, _email_pool(addrs, min(uses, 1 + (r.random() < 0.4) + (r.random() < 0.15)), r),
                      r.uniform(0.5, 0.95))
        phone_missing[b] = (0.02, 0.08, 0.2, 0.6)[_weighted(r, ((0, 0.45), (1, 0.3), (2, 0.15), (3, 0.1)))]
        mail_missing[b] = (0.05, 0.15, 0.4, 0.8)[_weighted(r, ((0, 0.4), (1, 0.3), (2, 0.2), (3, 0.1)))]

    # --- address pools ----------------------------------------------------------------------------------------
    addr_pool = _Pools(na)
    depot_phone_pool = _Pools(n_depots)
    for d in range(n_depots):
        spec = _depot_spec(DEPOTS[d])
        k = max(1, min(int(address_uses[d]), r.randint(20, 40)))
        forms = _build_pool(k, lambda st, rr, m, spec=spec: _spec_render(spec, st, rr, m), _spec_habit(spec, r, 0.0),
                            lambda st, rr, spec=spec: _spec_mutate(spec, st, rr, True), r, tries=6)
        addr_pool.set(d, forms, 0.25)
        num = (DEPOTS[d][0], DEPOTS[d][3][1 + len(PHONES[DEPOTS[d][0]][0]):])
        depot_phone_pool.set(d, _phone_pool([num], 6, r), 0.4)
    for a in range(n_depots, na):
        uses = int(address_uses[a])
        if uses == 0:
            continue
        home = homes[a - n_depots]
        k = _pool_size(r, uses, r.random() < 0.05)
        forms = _build_pool(k, lambda st, rr, m, h=home: _addr_render(h, st, rr, m), _addr_habit(home, r),
                            lambda st, rr, h=home: _addr_mutate(h, st, rr), r)
        addr_pool.set(a, forms, r.uniform(0.45, 0.95))

    # --- sellers ----------------------------------------------------------------------------------------------
    s_codes = list(SELLER_COUNTRIES)
    s_w = np.array(list(SELLER_COUNTRIES.values()))
    s_country = [s_codes[i] for i in rng.choice(len(s_codes), size=ns, p=s_w / s_w.sum())]
    s_name_pool, s_addr_pool, s_phone_pool, s_mail_pool = _Pools(ns), _Pools(ns), _Pools(ns), _Pools(ns)
    s_category: list[str] = []
    brands: list[tuple[int, int]] = []  # English brands in use, for namesakes in other countries and cities
    s_phone_missing = np.empty(ns)
    s_mail_missing = np.empty(ns)
    s_addr_missing = np.empty(ns)
    s_accounts: list[list[tuple[str, str]]] = []
    s_secondary = np.empty(ns)
    ids_used: set = set()
    for s in range(ns):
        cc = s_country[s]
        brand, trading = None, False
        if cc in ("CN", "AE", "SA", "GB", "US"):
            if brands and r.random() < 0.08:
                brand, trading = brands[r.randrange(len(brands))], True  # a namesake: same brand, another company
            elif cc in ("GB", "US") or r.random() < (0.15 if cc == "CN" else 0.5):
                brand, trading = _english_brand(r), r.random() < 0.4
            if brand is not None:
                brands.append(brand)
        name, addr, category, words, _city = _new_seller(cc, r, brand, trading)
        uses = int(seller_uses[s])
        extra = int(np.log10(uses + 1))
        wild = r.random() < 0.05
        k = max(1, min(uses, _pool_size(r, uses, wild) + extra))
        forms = _build_pool(k, lambda st, rr, m, sp=name: _spec_render(sp, st, rr, m), _spec_habit(name, r),
                            lambda st, rr, sp=name, w=wild: _spec_mutate(sp, st, rr, w), r)
        s_name_pool.set(s, forms, r.uniform(0.4, 0.9))
        k = max(1, min(uses, _pool_size(r, uses, False) + extra))
        forms = _build_pool(k, lambda st, rr, m, sp=addr: _spec_render(sp, st, rr, m), _spec_habit(addr, r),
                            lambda st, rr, sp=addr: _spec_mutate(sp, st, rr), r)
        s_addr_pool.set(s, forms, r.uniform(0.4, 0.9))
        numbers = [_new_phone(cc, r, phones_used)] + ([_new_phone(cc, r, phones_used)] if r.random() < 0.15 else [])
        s_phone_pool.set(s, _phone_pool(numbers, min(uses, 1 + extra + (r.random() < 0.5)), r), r.uniform(0.5, 0.95))
        m1 = _seller_email(words, cc, r, mails_used)
        m2 = [_seller_email(words, cc, r, mails_used)] if r.random() < 0.2 else []
        s_mail_pool.set(s, _email_pool([m1, *m2], min(uses, 1 + extra), r), r.uniform(0.5, 0.95))
        s_category.append(category)
        s_phone_missing[s] = (0.02, 0.1, 0.3)[_weighted(r, ((0, 0.55), (1, 0.3), (2, 0.15)))]
        s_mail_missing[s] = (0.05, 0.15, 0.5)[_weighted(r, ((0, 0.5), (1, 0.3), (2, 0.2)))]
        s_addr_missing[s] = (0.0, 0.05, 0.3)[_weighted(r, ((0, 0.7), (1, 0.2), (2, 0.1)))]
        plats = PLATFORMS_BY_COUNTRY[cc]
        accounts = [(p, _account_id(p, r, ids_used, True)) for p in
                    [_weighted(r, plats)] + [_weighted(r, plats) if r.random() < 0.6 else
                                             ALL_PLATFORMS[r.randrange(len(ALL_PLATFORMS))]
                                             for _ in range(1 + (r.random() < 0.3))]]
        s_accounts.append(accounts)
        s_secondary[s] = (0.0, 0.02, 0.05, 0.1, 0.2)[_weighted(r, ((0, 0.35), (1, 0.2), (2, 0.2), (3, 0.15),
                                                                   (4, 0.1)))]

    # --- buyer accounts ---------------------------------------------------------------------------------------
    b_acc_start = np.zeros(nb, dtype=np.int64)
    b_acc_n = np.zeros(nb, dtype=np.int64)
    b_acc_ids: list[str] = []
    for b in range(nb):
        x = r.random()
        m = 1 if x < 0.7 else 2 if x < 0.92 else 3
        b_acc_start[b] = len(b_acc_ids)
        b_acc_n[b] = m
        b_acc_ids.extend(_account_id("", r, ids_used, False) for _ in range(m))

    # --- fill the rows ----------------------------------------------------------------------------------------
    cols: dict[str, np.ndarray] = {}
    cols["buyer_name"] = name_pool.sample(buyer, rng)
    cols["buyer_address"] = addr_pool.sample(address, rng)
    buyer_phone = phone_pool.sample(buyer, rng)
    at_depot = address < n_depots
    depot_phone = at_depot & (rng.random(n) < 0.25)
    if depot_phone.any():
        buyer_phone[depot_phone] = depot_phone_pool.sample(address[depot_phone], rng)
    buyer_phone[rng.random(n) < phone_missing[buyer]] = ""
    cols["buyer_phone"] = buyer_phone
    buyer_mail = mail_pool.sample(buyer, rng)
    buyer_mail[rng.random(n) < mail_missing[buyer]] = ""
    cols["buyer_email"] = buyer_mail
    addr_country = np.array([DEPOTS[d][0] for d in range(n_depots)] + [h[1] for h in homes], dtype=object)
    dest = addr_country[address]
    cols["buyer_country"] = dest.copy()
    cols["destination_country"] = dest

    cols["seller_name"] = s_name_pool.sample(seller, rng)
    seller_addr = s_addr_pool.sample(seller, rng)
    seller_addr[rng.random(n) < s_addr_missing[seller]] = ""
    cols["seller_address"] = seller_addr
    sp = s_phone_pool.sample(seller, rng)
    sp[rng.random(n) < s_phone_missing[seller]] = ""
    cols["seller_phone"] = sp
    sm = s_mail_pool.sample(seller, rng)
    sm[rng.random(n) < s_mail_missing[seller]] = ""
    cols["seller_email"] = sm
    s_country_arr = np.array(s_country, dtype=object)
    cols["seller_country"] = s_country_arr[seller]

    # accounts, platform
    acc_flat = [a for accs in s_accounts for a in accs]
    acc_start = np.cumsum([0] + [len(a) for a in s_accounts])[:-1]
    acc_n = np.array([len(a) for a in s_accounts])
    secondary = rng.random(n) < s_secondary[seller]
    which = np.where(secondary, 1 + (rng.random(n) * (acc_n[seller] - 1)).astype(np.int64), 0)
    acc = acc_start[seller] + which
    cols["platform"] = np.array([a[0] for a in acc_flat], dtype=object)[acc]
    if ids:
        cols["seller_id"] = np.array([a[1] for a in acc_flat], dtype=object)[acc]
        bpick = np.where(rng.random(n) < 0.7, 0, (rng.random(n) * b_acc_n[buyer]).astype(np.int64))
        cols["buyer_id"] = np.array(b_acc_ids, dtype=object)[b_acc_start[buyer] + bpick]
    else:
        cols["seller_id"] = np.full(n, "", dtype=object)
        cols["buyer_id"] = np.full(n, "", dtype=object)

    # one-off typos typed at the counter, on top of the pools
    for col, rate in (("buyer_name", 0.012), ("buyer_address", 0.01), ("seller_name", 0.004)):
        hit = np.flatnonzero(rng.random(n) < rate)
        arr = cols[col]
        for i in hit.tolist():
            if arr[i]:
                arr[i] = _typo(arr[i], r)

    _goods_and_route(cols, n, rng, seller, s_category, s_country_arr, at_depot)
    dates = np.datetime64("2025-01-01") + np.arange(365).astype("timedelta64[D]")
    cols["declaration_date"] = dates.astype(str).astype(object)[day]
    cid = np.array([f"C{seed % 1000:03d}{i:09d}" for i in range(n)], dtype=object)
    cols["consignment_id"] = cid
    cols["transport_doc"] = _transport_docs(cols, n, rng, seller, day // 7)
    # object columns hold references to the pooled strings; a string dtype would copy every one of them
    df = pd.DataFrame({c: _series(cols.pop(c)) for c in CANONICAL_COLUMNS})
    entity = np.empty(3 * n, dtype=object)
    entity[0::3] = np.array([f"S{i}" for i in range(ns)], dtype=object)[seller]
    entity[1::3] = np.array([f"B{i}" for i in range(nb)], dtype=object)[buyer]
    entity[2::3] = np.array([f"A{i}" for i in range(na)], dtype=object)[address]
    truth = pd.DataFrame({
        "consignment_id": pd.Series(np.repeat(cid, 3), dtype=object, copy=False),
        "role": pd.Series(np.tile(np.array(["seller", "buyer", "delivery_address"], dtype=object), n), dtype=object,
                          copy=False),
        "entity_id": pd.Series(entity, dtype=object, copy=False),
    })
    return df, truth


def _series(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=object if values.dtype == object else None, copy=False)


def _goods_and_route(cols: dict, n: int, rng: np.random.Generator, seller: np.ndarray, s_category: list,
                     s_country: np.ndarray, at_depot: np.ndarray) -> None:
    cats = sorted({g[5] for g in GOODS} | set(s_category))
    by_cat = {c: [i for i, g in enumerate(GOODS) if g[5] == c] or list(range(len(GOODS))) for c in cats}
    width = max(len(v) for v in by_cat.values())
    table = np.array([(by_cat[c] * width)[:width] for c in cats])
    counts = np.array([len(by_cat[c]) for c in cats])
    cat_idx = np.array([cats.index(c) for c in s_category])[seller]
    own = table[cat_idx, (rng.random(n) * counts[cat_idx]).astype(np.int64)]
    good = np.where(rng.random(n) < 0.8, own, rng.integers(0, len(GOODS), n))
    hs = np.array([g[0] for g in GOODS], dtype=object)
    desc = np.array([g[1] for g in GOODS], dtype=object)
    lo = np.array([g[2] for g in GOODS], dtype=float)
    hi = np.array([g[3] for g in GOODS], dtype=float)
    kg = np.array([g[4] for g in GOODS], dtype=float)
    cols["hs_code"] = hs[good]
    cols["description"] = desc[good]
    qty = np.minimum(rng.geometric(0.45, n), 50).astype(float)
    cols["quantity"] = qty
    cols["gross_weight_kg"] = np.round(qty * kg[good] * rng.uniform(0.85, 1.3, n) + 0.05, 3)
    usd = qty * (lo[good] + (hi[good] - lo[good]) * rng.random(n) ** 1.5)
    dest = cols["destination_country"]
    cur_codes = np.array([CURRENCIES[c][0] for c in DESTINATIONS], dtype=object)
    fx = np.array([CURRENCIES[c][1] for c in DESTINATIONS])
    d_idx = pd.Index(list(DESTINATIONS)).get_indexer(dest)
    in_usd = rng.random(n) < 0.08
    currency = cur_codes[d_idx]
    currency[in_usd] = "USD"
    cols["currency"] = currency
    value = np.round(np.where(in_usd, usd, usd * fx[d_idx]), 2)
    cols["declared_value"] = value
    origin = s_country[seller].copy()
    relabel = rng.random(n) < 0.12
    origin[relabel & (origin != "CN")] = "CN"
    cols["origin_country"] = origin
    dep = s_country[seller].copy()
    x = rng.random(n)
    dep[(x < 0.08) & (dep != "AE") & (dest != "AE")] = "AE"
    dep[(x > 0.96) & (dep == "CN")] = "HK"
    cols["departure_country"] = dep
    x = rng.random(n)
    modes = np.array(["air", "road", "sea"], dtype=object)
    cols["transport_mode"] = modes[(x >= 0.85).astype(np.int64) + (x >= 0.94)]
    x = rng.random(n)
    channels = np.array(["postal", "express", "cargo"], dtype=object)
    channel = channels[(x >= 0.45).astype(np.int64) + (x >= 0.9)]
    cols["channel"] = channel
    carrier = np.empty(n, dtype=object)
    for ch, names in CARRIERS.items():
        m = channel == ch
        carrier[m] = np.array(names, dtype=object)[rng.integers(0, len(names), int(m.sum()))]
    cols["carrier_id"] = carrier
    declarants = np.array([f"DCL-{c}-{k:03d}" for c in DESTINATIONS for k in range(1, 9)], dtype=object)
    cols["declarant_id"] = declarants[d_idx * 8 + rng.integers(0, 8, n)]
    inspected = rng.random(n) < 0.06
    fraud = inspected & (rng.random(n) < np.where(at_depot, 0.45, 0.2))
    cols["inspected"] = inspected.astype(np.int64)
    cols["fraud"] = fraud.astype(np.int64)
    cols["revenue_recovered"] = np.where(fraud, np.round(value * rng.uniform(0.1, 0.6, n), 2), 0.0)


def _transport_docs(cols: dict, n: int, rng: np.random.Generator, seller: np.ndarray, week: np.ndarray) -> np.ndarray:
    """Postal item ids, express air waybills, and cargo master waybills shared by a seller's parcels of a week."""
    channel = cols["channel"]
    out = np.empty(n, dtype=object)
    post = np.flatnonzero(channel == "postal")
    serial = rng.integers(10 ** 8, 10 ** 9, len(post)).tolist()
    l1 = rng.integers(0, 5, len(post)).tolist()
    l2 = rng.integers(0, 24, len(post)).tolist()
    dep = cols["departure_country"][post].tolist()
    out[post] = [f"{'ELRCV'[a]}{'ABCDEFGHJKLMNPQRSTUVWXYZ'[b]}{s}{c}" for a, b, s, c in zip(l1, l2, serial, dep,
                                                                                               strict=True)]
    express = np.flatnonzero(channel == "express")
    prefix = rng.integers(0, 4, len(express)).tolist()
    serial = rng.integers(10 ** 7, 10 ** 8, len(express)).tolist()
    out[express] = [f"{('176', '157', '065', '235')[p]}-{s}" for p, s in zip(prefix, serial, strict=True)]
    cargo = channel == "cargo"
    if cargo.any():
        key = seller[cargo].astype(np.int64) * 60 + week[cargo]
        uniq, inv = np.unique(key, return_inverse=True)
        master = np.array([f"MAWB-{x}" for x in rng.integers(10 ** 9, 10 ** 10, len(uniq)).tolist()], dtype=object)
        out[cargo] = master[inv]
    return out


def write(out: Path | str, consignments: int = 20_000, seed: int = 1, ids: bool = True) -> tuple[Path, Path]:
    """Generate and write OUT/consignments.csv and OUT/truth.csv."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    df, truth = generate(consignments, seed, ids)
    c, t = out / "consignments.csv", out / "truth.csv"
    _write_csv(df, c)
    del df
    _write_csv(truth, t)
    return c, t


def _write_csv(df: pd.DataFrame, path: Path, chunk: int = 200_000) -> None:
    """CSV through pyarrow in chunks (fast, bounded memory); pandas if pyarrow is missing."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover
        df.to_csv(path, index=False)
        return
    schema = writer = None
    try:
        for start in range(0, len(df), chunk):
            table = pa.Table.from_pandas(df.iloc[start:start + chunk], preserve_index=False, schema=schema)
            if writer is None:
                schema = table.schema
                writer = pacsv.CSVWriter(str(path), schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.entities", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--consignments", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-ids", action="store_true", help="leave seller_id and buyer_id empty")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    c, t = write(args.out, args.consignments, args.seed, not args.no_ids)
    print(f"entity world seed={args.seed} consignments={args.consignments} ids={not args.no_ids} -> {c}, {t} "
          f"({time.perf_counter() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
